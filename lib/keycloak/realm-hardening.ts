import { ClientModel, RealmModel } from '../model/keycloak-model';

/** Client scopes every client gets by default in Keycloak 26 (the `roles` scope carries `realm_access`). */
export const DEFAULT_CLIENT_SCOPES: readonly string[] = ['acr', 'basic', 'email', 'profile', 'roles', 'web-origins'];

/** Optional client scopes: only `offline_access`, and only for clients the blueprint allows it. */
export function optionalClientScopes(client: ClientModel): string[] {
  return client.offlineAccess ? ['offline_access'] : [];
}

/**
 * Built-in clients the blueprint's realm overrides: `admin-cli` exists in every realm and accepts the
 * password grant by default; administrators use the master realm's, so the application realm's is closed.
 */
export const BUILT_IN_CLIENT_OVERRIDES: readonly Record<string, unknown>[] = [{
  clientId: 'admin-cli',
  enabled: true,
  protocol: 'openid-connect',
  publicClient: true,
  bearerOnly: false,
  standardFlowEnabled: false,
  implicitFlowEnabled: false,
  directAccessGrantsEnabled: false,
  serviceAccountsEnabled: false,
  consentRequired: false,
  frontchannelLogout: true,
  fullScopeAllowed: false,
  redirectUris: [],
  webOrigins: [],
  attributes: { 'oauth2.device.authorization.grant.enabled': 'false', 'oidc.ciba.grant.enabled': 'false' },
}];

/** Names of the client profiles and policies the realm declares. */
export const CLIENT_POLICY_NAMES = {
  allClients: 'zero-trust-all-clients',
  confidentialClients: 'zero-trust-confidential-clients',
} as const;

/** Authenticators a confidential client may use: a secret, a signed JWT or a certificate (no shared-secret JWT). */
export const ALLOWED_CLIENT_AUTHENTICATORS: readonly string[] = ['client-jwt', 'client-secret', 'client-x509'];

/**
 * Client profiles and policies: clients created later (admin console, admin API) are held to the blueprint's
 * rules: PKCE S256 (unless a blueprint client opts out, then for public clients only), no implicit flow,
 * `https://` redirect URIs without wildcards, and no shared-secret JWT for confidential clients.
 */
export function clientPolicies(realm: RealmModel): Record<string, unknown> {
  const everyClientPkce = realm.clients.every((c) => c.pkce || !c.standardFlow);
  const pkce = { executor: 'pkce-enforcer', configuration: { 'auto-configure': 'false' } };
  const profile = (name: string, description: string, executors: unknown[]) => ({ name, description, executors });
  const policy = (name: string, description: string, condition: Record<string, unknown>, profiles: string[]) => ({
    name, description, enabled: true, conditions: [condition], profiles,
  });
  const allProfile = profile(CLIENT_POLICY_NAMES.allClients, 'Every client: no implicit flow, https redirect URIs without wildcards', [
    { executor: 'reject-implicit-grant', configuration: { 'auto-configure': 'false' } },
    { executor: 'secure-redirect-uris-enforcer', configuration: {
      'allow-ipv4-loopback-address': false, 'allow-ipv6-loopback-address': false, 'allow-private-use-uri-scheme': false,
      'allow-http-scheme': false, 'allow-wildcard-context-path': false, 'allow-open-redirect': false, 'oauth-2-1-compliant': true,
      'allow-permitted-domains': [],
    } },
    ...(everyClientPkce ? [pkce] : []),
  ]);
  const confidentialProfile = profile(CLIENT_POLICY_NAMES.confidentialClients, 'Confidential clients: a secret, a signed JWT or a certificate', [
    { executor: 'secure-client-authenticator', configuration: { 'allowed-client-authenticators': [...ALLOWED_CLIENT_AUTHENTICATORS], 'default-client-authenticator': 'client-secret' } },
  ]);
  const publicPkce = profile(`${CLIENT_POLICY_NAMES.allClients}-pkce`, 'Public clients: PKCE S256', [pkce]);
  return {
    clientProfiles: { profiles: [allProfile, confidentialProfile, ...(everyClientPkce ? [] : [publicPkce])] },
    clientPolicies: { policies: [
      policy(CLIENT_POLICY_NAMES.allClients, 'Holds every client to the blueprint\'s rules', { condition: 'any-client', configuration: {} },
        [CLIENT_POLICY_NAMES.allClients]),
      policy(CLIENT_POLICY_NAMES.confidentialClients, 'Confidential clients authenticate with a secret, a signed JWT or a certificate',
        { condition: 'client-access-type', configuration: { type: ['confidential'] } }, [CLIENT_POLICY_NAMES.confidentialClients]),
      ...(everyClientPkce ? [] : [policy(`${CLIENT_POLICY_NAMES.allClients}-pkce`, 'Public clients use PKCE S256',
        { condition: 'client-access-type', configuration: { type: ['public'] } }, [`${CLIENT_POLICY_NAMES.allClients}-pkce`])]),
    ] },
  };
}

const KEY_PROVIDER = 'org.keycloak.keys.KeyProvider';

/**
 * The realm's key providers: the blueprint's RSA signing keys, and Keycloak's usual encryption, HMAC and AES
 * keys (an import that declares key providers gets no defaults).
 */
export function keyProviders(realm: RealmModel): Record<string, unknown[]> {
  const provider = (name: string, providerId: string, config: Record<string, string>) => ({
    name, providerId, subComponents: {}, config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, [v]])),
  });
  return {
    [KEY_PROVIDER]: [
      ...realm.signingKeys.map((k) => provider(k.name, 'rsa-generated', {
        priority: String(k.priority), enabled: String(k.enabled), active: String(k.active), algorithm: 'RS256', keySize: String(k.keySize),
      })),
      provider('rsa-enc-generated', 'rsa-enc-generated', { priority: '100', enabled: 'true', active: 'true', algorithm: 'RSA-OAEP', keySize: '2048' }),
      provider('hmac-generated-hs512', 'hmac-generated', { priority: '100', enabled: 'true', active: 'true', algorithm: 'HS512' }),
      provider('aes-generated', 'aes-generated', { priority: '100', enabled: 'true', active: 'true' }),
    ],
  };
}
