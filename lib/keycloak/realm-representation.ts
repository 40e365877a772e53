import { RealmModel } from '../model/keycloak-model';
import { authenticationFlows } from './authentication-flows';
import { clientRepresentation, serviceAccountUser } from './client-representation';
import { userProfileComponents } from './user-profile';
import { FIXED_LOGIN_SETTINGS } from './fixed-login-settings';
import { BUILT_IN_CLIENT_OVERRIDES, clientPolicies, keyProviders } from './realm-hardening';

/** Realm attribute that holds the admin-event retention (it has no field of its own in RealmRepresentation). */
export const ADMIN_EVENTS_EXPIRATION_ATTRIBUTE = 'adminEventsExpiration';

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
    enabled: true,

    sslRequired: s.sslRequired,
    registrationAllowed: s.registrationAllowed,
    ...FIXED_LOGIN_SETTINGS,
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
    eventsListeners: ['jboss-logging'],
    adminEventsEnabled: s.adminEvents,
    adminEventsDetailsEnabled: s.adminEvents,
    attributes: { [ADMIN_EVENTS_EXPIRATION_ATTRIBUTE]: String(s.eventsRetentionSeconds) },

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
    clientScopeMappings: Object.fromEntries(Object.entries(clientScopeMappings).sort(([a], [b]) => a.localeCompare(b))),

    ...authenticationFlows(realm.otpRoles),
    ...clientPolicies(realm),
    components: { ...userProfileComponents(realm.userProfileAttributes), ...keyProviders(realm) },
  };
}
