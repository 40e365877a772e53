import { AppProtocol, ClientAccess, ZeroTrustBlueprintProps } from '../../lib';

/**
 * A small platform with Keycloak: a gateway in the DMZ, an API and a worker holding roles, Keycloak reached
 * by the app zone and the gateway, PostgreSQL in the data zone and Prometheus scraping metrics.
 */
export function keycloakBlueprint(): ZeroTrustBlueprintProps {
  return {
    services: [
      {
        name: 'gateway', zone: 'dmz',
        ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }],
        allowFrom: [{ internet: true }],
      },
      {
        name: 'api', zone: 'app', roles: ['operator'],
        ports: [{ name: 'http', port: 8080 }],
        allowFrom: [{ service: 'gateway' }, { service: 'worker' }],
      },
      { name: 'worker', zone: 'app', roles: ['viewer'] },
      {
        name: 'keycloak', zone: 'app',
        ports: [
          { name: 'https', port: 8443, appProtocol: AppProtocol.TCP },
          { name: 'management', port: 9000, metrics: true },
        ],
        allowFrom: [{ service: 'gateway', ports: ['https'] }, { zone: 'app', ports: ['https'] }],
      },
      {
        name: 'postgresql', zone: 'data',
        ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }],
        allowFrom: [{ service: 'keycloak' }, { service: 'api' }],
      },
      { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
    ],
    keycloak: {
      hostname: 'auth.example.com',
      realm: 'acme',
      clients: [
        {
          clientId: 'spa',
          access: ClientAccess.PUBLIC,
          redirectUris: ['https://app.example.com/callback', 'https://app.example.com/silent-renew'],
          audiences: ['api'],
        },
        {
          clientId: 'api',
          roles: [{ name: 'report-viewer' }, { name: 'invoice-approver', description: 'Approves invoices' }],
        },
      ],
      groups: [
        { name: 'operators', realmRoles: ['operator'] },
        { name: 'finance', realmRoles: ['viewer'], clientRoles: [{ clientId: 'api', roles: ['invoice-approver'] }] },
      ],
    },
  };
}

/** A deep copy of the fixture, changed by `mutate`. */
export function mutatedKeycloak(mutate: (b: any) => void): ZeroTrustBlueprintProps {
  const b = JSON.parse(JSON.stringify(keycloakBlueprint()));
  mutate(b);
  return b;
}
