import * as keycloak from '@pulumi/keycloak';
import * as pulumi from '@pulumi/pulumi';
import { RealmModel } from '../model/keycloak-model';
import { goDuration } from './go-duration-format';
import { ResourceNames } from './resource-names';
import { ADMIN_EVENTS_EXPIRATION_ATTRIBUTE, LOG_EVENTS_LISTENER } from '../model/build-realm-overrides';

export { ADMIN_EVENTS_EXPIRATION_ATTRIBUTE };

/** Event listener every realm keeps: events go to the server log, where the platform's log pipeline reads them. */
export const EVENTS_LISTENERS: readonly string[] = [LOG_EVENTS_LISTENER];

/**
 * The realm's security settings from the model: SSL, registration, brute-force detection (temporary lockout:
 * the wait increment and the longest wait are both the lockout time, so the first lockout already lasts that
 * long), token and session lifetimes as Go durations, single-use refresh tokens and the OTP policy. Login
 * options, themes and attributes come from `keycloak.realmOverrides`, as in the realm import.
 */
export function realmArgs(realm: RealmModel): keycloak.RealmArgs {
  const s = realm.security;
  const bf = s.bruteForce;
  return {
    realm: realm.name,
    displayName: realm.displayName,
    displayNameHtml: realm.overrides.displayNameHtml,
    loginTheme: realm.overrides.loginTheme,
    accountTheme: realm.overrides.accountTheme,
    emailTheme: realm.overrides.emailTheme,
    enabled: true,

    sslRequired: s.sslRequired,
    registrationAllowed: s.registrationAllowed,
    ...realm.overrides.login,
    passwordPolicy: s.passwordPolicy,

    // Without a bruteForceDetection block the provider turns detection off.
    securityDefenses: bf.enabled ? {
      bruteForceDetection: {
        permanentLockout: bf.permanentLockout,
        maxTemporaryLockouts: bf.maxTemporaryLockouts,
        maxLoginFailures: bf.failureFactor,
        waitIncrementSeconds: bf.lockoutSeconds,
        maxFailureWaitSeconds: bf.lockoutSeconds,
        failureResetTimeSeconds: bf.failureResetSeconds,
      },
    } : undefined,

    accessTokenLifespan: goDuration(s.accessTokenLifespanSeconds),
    ssoSessionIdleTimeout: goDuration(s.ssoSessionIdleTimeoutSeconds),
    ssoSessionMaxLifespan: goDuration(s.ssoSessionMaxLifespanSeconds),
    offlineSessionIdleTimeout: goDuration(s.offlineSessionIdleTimeoutSeconds),
    offlineSessionMaxLifespanEnabled: true,
    offlineSessionMaxLifespan: goDuration(s.offlineSessionMaxLifespanSeconds),
    revokeRefreshToken: s.revokeRefreshToken,
    refreshTokenMaxReuse: 0,

    otpPolicy: {
      type: 'totp',
      algorithm: s.otpPolicy.algorithm,
      digits: s.otpPolicy.digits,
      period: s.otpPolicy.periodSeconds,
      lookAheadWindow: s.otpPolicy.lookAheadWindow,
      codeReusable: false,
    },
    attributes: { ...realm.overrides.attributes, [ADMIN_EVENTS_EXPIRATION_ATTRIBUTE]: String(s.eventsRetentionSeconds) },
  };
}

/** Login and admin events with their retention. */
export function realmEventsArgs(realm: RealmModel, realmId: pulumi.Input<string>): keycloak.RealmEventsArgs {
  const s = realm.security;
  return {
    realmId,
    eventsEnabled: s.loginEvents,
    eventsExpiration: s.eventsRetentionSeconds,
    eventsListeners: [...realm.overrides.eventsListeners],
    adminEventsEnabled: s.adminEvents,
    adminEventsDetailsEnabled: s.adminEvents,
  };
}

/** The realm resource. Its name is the realm's ID in every other resource. */
export function declareRealm(
  realm: RealmModel,
  names: ResourceNames,
  parent: pulumi.Resource,
  protect: boolean,
): keycloak.Realm {
  const name = names.of('realm', { text: realm.name });
  return new keycloak.Realm(name.name, realmArgs(realm), names.options(name, parent, { protect }));
}
