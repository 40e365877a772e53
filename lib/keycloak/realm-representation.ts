import { RealmModel, RealmOverridesModel } from '../model/keycloak-model';
import { authenticationFlows } from './authentication-flows';
import { clientRepresentation, serviceAccountUser } from './client-representation';
import { userProfileComponents } from './user-profile';
import { ADMIN_EVENTS_EXPIRATION_ATTRIBUTE } from '../model/build-realm-overrides';
import { BUILT_IN_CLIENT_OVERRIDES, clientPolicies, keyProviders } from './realm-hardening';
import { compareNames } from '../name-order';

export { ADMIN_EVENTS_EXPIRATION_ATTRIBUTE };

/**
 * The realm as a Keycloak RealmRepresentation: the content of a `KeycloakRealmImport`'s `spec.realm` and of
 * `<realm>-realm.json` for `kc.sh import`. A pure function of the model; lists are sorted, so the same
 * blueprint gives the same JSON. Only fields the Keycloak 26 RealmRepresentation knows are emitted.
 */
export function realmRepresentation(realm: RealmModel): Record<string, unknown> {
  const s = realm.security;
  const clients = realm.clients;
  const clientScopeMappings: Record<string, { client: string; roles: string[] }[]> = {};
  for (const client of clients) {
    for (const ref of client.scopeClientRoles) {
      (clientScopeMappings[ref.clientId] ??= []).push({ client: client.clientId, roles: [...ref.roles] });
    }
  }
  const clientRoles = Object.fromEntries(clients
    .filter((c) => c.roles.length > 0)
    .map((c) => [c.clientId, c.roles.map((r) => ({
      name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}),
      composite: false,
      clientRole: true,
    }))]));

  return {
    realm: realm.name,
    ...(realm.displayName !== undefined ? { displayName: realm.displayName } : {}),
    ...optionalFields(realm.overrides),
    enabled: true,

    sslRequired: s.sslRequired,
    registrationAllowed: s.registrationAllowed,
    ...realm.overrides.login,
    passwordPolicy: s.passwordPolicy,

    bruteForceProtected: s.bruteForce.enabled,
    permanentLockout: s.bruteForce.permanentLockout,
    maxTemporaryLockouts: s.bruteForce.maxTemporaryLockouts,
    failureFactor: s.bruteForce.failureFactor,
    waitIncrementSeconds: s.bruteForce.lockoutSeconds,
    maxFailureWaitSeconds: s.bruteForce.lockoutSeconds,
    maxDeltaTimeSeconds: s.bruteForce.failureResetSeconds,

    accessTokenLifespan: s.accessTokenLifespanSeconds,
    ssoSessionIdleTimeout: s.ssoSessionIdleTimeoutSeconds,
    ssoSessionMaxLifespan: s.ssoSessionMaxLifespanSeconds,
    offlineSessionIdleTimeout: s.offlineSessionIdleTimeoutSeconds,
    offlineSessionMaxLifespanEnabled: true,
    offlineSessionMaxLifespan: s.offlineSessionMaxLifespanSeconds,
    revokeRefreshToken: s.revokeRefreshToken,
    refreshTokenMaxReuse: 0,

    eventsEnabled: s.loginEvents,
    eventsExpiration: s.eventsRetentionSeconds,
    eventsListeners: [...realm.overrides.eventsListeners],
    adminEventsEnabled: s.adminEvents,
    adminEventsDetailsEnabled: s.adminEvents,
    attributes: { ...realm.overrides.attributes, [ADMIN_EVENTS_EXPIRATION_ATTRIBUTE]: String(s.eventsRetentionSeconds) },

    otpPolicyType: 'totp',
    otpPolicyAlgorithm: s.otpPolicy.algorithm,
    otpPolicyDigits: s.otpPolicy.digits,
    otpPolicyPeriod: s.otpPolicy.periodSeconds,
    otpPolicyLookAheadWindow: s.otpPolicy.lookAheadWindow,
    otpPolicyCodeReusable: false,

    roles: {
      realm: realm.roles.map((r) => ({
        name: r.name,
        ...(r.description !== undefined ? { description: r.description } : {}),
        composite: r.includes.length > 0,
        ...(r.includes.length > 0 ? { composites: { realm: [...r.includes].sort() } } : {}),
        clientRole: false,
      })),
      client: clientRoles,
    },
    groups: realm.groups.map((g) => ({
      name: g.name,
      path: `/${g.name}`,
      realmRoles: [...g.realmRoles],
      clientRoles: Object.fromEntries(g.clientRoles.map((ref) => [ref.clientId, [...ref.roles]])),
      subGroups: [],
    })),
    clients: [...clients.map((c) => clientRepresentation(c, realm.claims)), ...BUILT_IN_CLIENT_OVERRIDES],
    users: clients.filter((c) => c.serviceAccount).map(serviceAccountUser),
    scopeMappings: clients
      .filter((c) => c.scopeRealmRoles.length > 0)
      .map((c) => ({ client: c.clientId, roles: [...c.scopeRealmRoles] })),
    clientScopeMappings: Object.fromEntries(Object.entries(clientScopeMappings).sort(([a], [b]) => compareNames(a, b))),

    ...authenticationFlows(realm.otpRoles),
    ...clientPolicies(realm),
    components: { ...userProfileComponents(realm.userProfileAttributes), ...keyProviders(realm) },
  };
}

/** The overridable fields that have no value by default (Keycloak's own defaults apply). */
function optionalFields(o: RealmOverridesModel): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    displayNameHtml: o.displayNameHtml, loginTheme: o.loginTheme, accountTheme: o.accountTheme, emailTheme: o.emailTheme,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}
