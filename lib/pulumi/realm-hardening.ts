import * as keycloak from '@pulumi/keycloak';
import { BUILT_IN_CLIENT_OVERRIDES, clientPolicies, DEFAULT_CLIENT_SCOPES, optionalClientScopes } from '../keycloak/realm-hardening';
import { RealmModel } from '../model/keycloak-model';
import { RealmScope } from './realm-scope';

/** Client-policy configuration values as the provider takes them: strings, lists as JSON. */
function configText(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/**
 * The realm hardening of the realm import, as resources: each client's default and optional client scopes
 * (no `offline_access` unless the blueprint allows it), the built-in `admin-cli` without direct grants
 * (imported, since Keycloak creates it with the realm), the client profiles and policies, and the
 * blueprint's RSA signing keys.
 */
export function declareHardening(realm: RealmModel, clients: ReadonlyMap<string, keycloak.openid.Client>, scope: RealmScope): void {
  const { names, realmId } = scope;
  for (const c of realm.clients) {
    const client = clients.get(c.clientId)!;
    scope.declare(names.of('client-default-scopes', { client: c.clientId }), (n, o) =>
      new keycloak.openid.ClientDefaultScopes(n, { realmId, clientId: client.id, defaultScopes: [...DEFAULT_CLIENT_SCOPES] }, o));
    scope.declare(names.of('client-optional-scopes', { client: c.clientId }), (n, o) =>
      new keycloak.openid.ClientOptionalScopes(n, { realmId, clientId: client.id, optionalScopes: optionalClientScopes(c) }, o));
  }

  for (const b of BUILT_IN_CLIENT_OVERRIDES) {
    scope.declare(names.of('built-in-client', { text: String(b.clientId) }), (n, o) => new keycloak.openid.Client(n, {
      realmId,
      import: true,
      clientId: String(b.clientId),
      enabled: true,
      accessType: 'PUBLIC',
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      oauth2DeviceAuthorizationGrantEnabled: false,
      consentRequired: false,
      frontchannelLogoutEnabled: true,
      fullScopeAllowed: false,
      validRedirectUris: [],
      webOrigins: [],
      extraConfig: { 'oidc.ciba.grant.enabled': 'false' },
    }, o));
  }

  const policies = clientPolicies(realm) as { clientProfiles: { profiles: any[] }; clientPolicies: { policies: any[] } };
  const profiles = new Map(policies.clientProfiles.profiles.map((p) => [p.name as string, scope.declare(names.of('client-profile', { text: p.name }), (n, o) =>
    new keycloak.RealmClientPolicyProfile(n, {
      realmId, name: p.name, description: p.description,
      executors: p.executors.map((e: any) => ({ name: e.executor, configuration: configText(e.configuration) })),
    }, o))]));
  for (const p of policies.clientPolicies.policies) {
    scope.declare(names.of('client-policy', { text: p.name }), (n, o) => new keycloak.RealmClientPolicyProfilePolicy(n, {
      realmId, name: p.name, description: p.description, enabled: p.enabled,
      conditions: p.conditions.map((c: any) => ({ name: c.condition, configuration: configText(c.configuration) })),
      profiles: p.profiles.map((name: string) => profiles.get(name)!.name),
    }, o));
  }

  for (const k of realm.signingKeys) {
    scope.declare(names.of('signing-key', { text: k.name }), (n, o) => new keycloak.RealmKeystoreRsaGenerated(n, {
      realmId, name: k.name, priority: k.priority, active: k.active, enabled: k.enabled, algorithm: 'RS256', keySize: k.keySize,
    }, o));
  }
}
