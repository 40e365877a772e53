import { AppProtocol, ClientAccess, MeshPolicyMode, ZeroTrustBlueprintProps, ZoneRole } from '../../lib';

/**
 * A second platform with names unlike the reference platform's: zones `edge`/`core`/`vault`/`ops` (the
 * vault zone in audit mode), realm `corp`, gRPC and opaque ports, and service certificates.
 */
export function otherPlatform(): ZeroTrustBlueprintProps {
  return {
    zones: [
      { name: 'edge', role: ZoneRole.DMZ, namespace: 'corp-edge' },
      { name: 'core', role: ZoneRole.APP, namespace: 'corp-core' },
      { name: 'vault', role: ZoneRole.DATA, namespace: 'corp-vault', meshMode: MeshPolicyMode.AUDIT },
      { name: 'ops', role: ZoneRole.MANAGEMENT, namespace: 'corp-ops' },
    ],
    services: [
      {
        name: 'front-door', zone: 'edge',
        ports: [{ name: 'tls', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }],
        allowFrom: [{ internet: true }],
      },
      {
        name: 'ledger', zone: 'core', roles: ['operator'],
        ports: [{ name: 'grpc', port: 9000, appProtocol: AppProtocol.GRPC }, { name: 'web', port: 8080 }],
        allowFrom: [{ service: 'front-door' }],
      },
      {
        name: 'sso', zone: 'core',
        ports: [
          { name: 'https', port: 8443, appProtocol: AppProtocol.TCP },
          { name: 'management', port: 9000, metrics: true },
        ],
        tls: {},
        allowFrom: [{ service: 'front-door', ports: ['https'] }, { zone: 'core', ports: ['https'] }],
      },
      {
        name: 'pg', zone: 'vault',
        ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }],
        tls: {},
        allowFrom: [{ service: 'sso' }, { service: 'ledger' }],
      },
      { name: 'metrics', zone: 'ops', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
    ],
    pki: {},
    keycloak: {
      hostname: 'login.corp.example',
      service: 'sso',
      realm: 'corp',
      database: { service: 'pg' },
      clients: [{ clientId: 'portal', access: ClientAccess.PUBLIC, redirectUris: ['https://portal.corp.example/cb'] }],
    },
  };
}

/**
 * Server names (`<service>-<port>`) that end in more than one of the zone's port names: `api-http-metrics`
 * is port `metrics` of `api-http`, next to port `http-metrics` of `cache`; a port named `admin` next to the
 * zone's own `proxy-admin` Server; the data zone in audit mode.
 */
export function suffixPlatform(): ZeroTrustBlueprintProps {
  return {
    zones: [
      { name: 'dmz' }, { name: 'app' }, { name: 'data', meshMode: MeshPolicyMode.AUDIT }, { name: 'management' },
    ],
    services: [
      { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 8443 }], allowFrom: [{ internet: true }] },
      { name: 'api-http', zone: 'app', ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100, metrics: true }], allowFrom: [{ service: 'gateway' }] },
      { name: 'cache', zone: 'app', ports: [{ name: 'http-metrics', port: 9200, metrics: true }, { name: 'admin', port: 7000 }, { name: 'redis', port: 6379, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ service: 'api-http' }] },
      { name: 'store-http', zone: 'data', ports: [{ name: 'metrics', port: 9100, metrics: true }, { name: 'sql', port: 5432, appProtocol: AppProtocol.TCP }], allowFrom: [{ service: 'api-http' }] },
      { name: 'archive', zone: 'data', ports: [{ name: 'http-metrics', port: 9200, metrics: true }], allowFrom: [{ service: 'store-http' }] },
      { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
    ],
    pki: {},
  };
}
