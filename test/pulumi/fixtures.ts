import { AppProtocol, ClientAccess, OtpAlgorithm, ZeroTrustBlueprintProps } from '../../lib';

export const REFERENCE_BLUEPRINT = `${__dirname}/../../examples/reference-platform/blueprint.yaml`;

/**
 * A platform whose realm exercises what the reference leaves at defaults: a deeper role hierarchy with two
 * OTP roles (two conditional sub-flows per flow), overridden lifetimes and lockout, an HMAC-SHA256 OTP
 * policy, a claim read from an attribute of another name, a confidential web app and client roles in a group.
 */
export function tenantBlueprint(): ZeroTrustBlueprintProps {
  return {
    roles: [
      { name: 'auditor', description: 'Reads audit trails' },
      { name: 'viewer' },
      { name: 'operator', includes: ['viewer'] },
      { name: 'admin', includes: ['operator', 'auditor'] },
    ],
    services: [
      {
        name: 'gateway', zone: 'dmz',
        ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }],
        allowFrom: [{ internet: true }],
      },
      {
        name: 'orders', zone: 'app', roles: ['operator'],
        ports: [{ name: 'http', port: 8080 }],
        allowFrom: [{ service: 'gateway' }, { service: 'billing' }],
      },
      {
        name: 'billing', zone: 'app', roles: ['viewer', 'auditor'],
        ports: [{ name: 'http', port: 8080 }],
        allowFrom: [{ service: 'orders' }],
      },
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
        allowFrom: [{ service: 'keycloak' }],
      },
    ],
    keycloak: {
      hostname: 'login.tenant.example',
      realm: 'tenant',
      security: {
        accessTokenLifespanSeconds: 120,
        ssoSessionIdleTimeoutSeconds: 900,
        ssoSessionMaxLifespanSeconds: 5400,
        bruteForce: { failureFactor: 3, lockoutSeconds: 600, permanentLockout: true },
        otpPolicy: { algorithm: OtpAlgorithm.HMAC_SHA256, digits: 8 },
        events: { retentionSeconds: 86400 },
      },
      mfa: { otpRequiredForRoles: ['operator', 'auditor'] },
      clients: [
        {
          clientId: 'portal',
          access: ClientAccess.CONFIDENTIAL,
          redirectUris: ['https://portal.tenant.example/oidc/callback'],
          postLogoutRedirectUris: ['https://portal.tenant.example/', 'https://portal.tenant.example/bye'],
          audiences: ['orders'],
          scopeRealmRoles: ['operator'],
        },
        {
          clientId: 'spa',
          access: ClientAccess.PUBLIC,
          redirectUris: ['https://app.tenant.example/cb'],
          webOrigins: ['https://app.tenant.example'],
          audiences: ['orders', 'billing'],
        },
        { clientId: 'orders', roles: [{ name: 'refund-approver', description: 'Approves refunds' }, { name: 'order-reader' }] },
      ],
      groups: [
        { name: 'support', realmRoles: ['viewer'], clientRoles: [{ clientId: 'orders', roles: ['order-reader'] }] },
        { name: 'finance', realmRoles: ['auditor'], clientRoles: [{ clientId: 'orders', roles: ['refund-approver', 'order-reader'] }] },
      ],
      claims: [{ name: 'tenant', attribute: 'tenant_id' }, { name: 'department' }],
      userProfileAttributes: [{ name: 'tenant_id', displayName: 'Tenant' }, { name: 'department' }],
    },
  };
}

/** A deep copy of the tenant blueprint, changed by `mutate`. */
export function mutatedTenant(mutate: (b: any) => void): ZeroTrustBlueprintProps {
  const b = JSON.parse(JSON.stringify(tenantBlueprint()));
  mutate(b);
  return b;
}
