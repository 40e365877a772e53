import { KeycloakSecurityProps, OtpAlgorithm, SslRequired } from '../blueprint/keycloak';
import { IssueCollector } from './errors';
import { RealmSecurityModel } from './keycloak-model';

/** The hardened defaults of the realm's security settings (documented in docs/keycloak.md). */
export const REALM_SECURITY_DEFAULTS: RealmSecurityModel = {
  sslRequired: SslRequired.ALL,
  registrationAllowed: false,
  bruteForce: {
    enabled: true,
    failureFactor: 5,
    lockoutSeconds: 300,
    failureResetSeconds: 43_200,
    permanentLockout: false,
    maxTemporaryLockouts: 0,
  },
  accessTokenLifespanSeconds: 300,
  ssoSessionIdleTimeoutSeconds: 1_800,
  ssoSessionMaxLifespanSeconds: 36_000,
  offlineSessionIdleTimeoutSeconds: 604_800,
  offlineSessionMaxLifespanSeconds: 2_592_000,
  revokeRefreshToken: true,
  loginEvents: true,
  adminEvents: true,
  eventsRetentionSeconds: 7_776_000,
  otpPolicy: { algorithm: OtpAlgorithm.HMAC_SHA1, digits: 6, periodSeconds: 30, lookAheadWindow: 1 },
  passwordPolicy: 'length(12) and notUsername and notEmail',
};

/** Password policy providers of Keycloak 26 (`<id>` or `<id>(<value>)`, joined by ` and `). */
const PASSWORD_POLICIES = new Set([
  'length', 'maxLength', 'digits', 'lowerCase', 'upperCase', 'specialChars', 'notUsername', 'notEmail',
  'notContainsUsername', 'passwordHistory', 'notRecentlyUsed', 'notRecentlyUsedInDays', 'regexPattern',
  'forceExpiredPasswordChange', 'hashIterations', 'hashAlgorithm', 'passwordBlacklist', 'maxAuthAge',
]);

/** Applies the defaults to the security settings and checks that they make sense together. */
export function buildRealmSecurity(props: KeycloakSecurityProps | undefined, path: string, issues: IssueCollector): RealmSecurityModel {
  const d = REALM_SECURITY_DEFAULTS;
  const bf = props?.bruteForce;
  const otp = props?.otpPolicy;
  const security: RealmSecurityModel = {
    sslRequired: props?.sslRequired ?? d.sslRequired,
    registrationAllowed: props?.registrationAllowed ?? d.registrationAllowed,
    bruteForce: {
      enabled: bf?.enabled ?? d.bruteForce.enabled,
      failureFactor: bf?.failureFactor ?? d.bruteForce.failureFactor,
      lockoutSeconds: bf?.lockoutSeconds ?? d.bruteForce.lockoutSeconds,
      failureResetSeconds: bf?.failureResetSeconds ?? d.bruteForce.failureResetSeconds,
      permanentLockout: bf?.permanentLockout ?? d.bruteForce.permanentLockout,
      maxTemporaryLockouts: bf?.maxTemporaryLockouts ?? d.bruteForce.maxTemporaryLockouts,
    },
    accessTokenLifespanSeconds: props?.accessTokenLifespanSeconds ?? d.accessTokenLifespanSeconds,
    ssoSessionIdleTimeoutSeconds: props?.ssoSessionIdleTimeoutSeconds ?? d.ssoSessionIdleTimeoutSeconds,
    ssoSessionMaxLifespanSeconds: props?.ssoSessionMaxLifespanSeconds ?? d.ssoSessionMaxLifespanSeconds,
    offlineSessionIdleTimeoutSeconds: props?.offlineSessionIdleTimeoutSeconds ?? d.offlineSessionIdleTimeoutSeconds,
    offlineSessionMaxLifespanSeconds: props?.offlineSessionMaxLifespanSeconds ?? d.offlineSessionMaxLifespanSeconds,
    revokeRefreshToken: props?.revokeRefreshToken ?? d.revokeRefreshToken,
    loginEvents: props?.events?.loginEvents ?? d.loginEvents,
    adminEvents: props?.events?.adminEvents ?? d.adminEvents,
    eventsRetentionSeconds: props?.events?.retentionSeconds ?? d.eventsRetentionSeconds,
    otpPolicy: {
      algorithm: otp?.algorithm ?? d.otpPolicy.algorithm,
      digits: otp?.digits ?? d.otpPolicy.digits,
      periodSeconds: otp?.periodSeconds ?? d.otpPolicy.periodSeconds,
      lookAheadWindow: otp?.lookAheadWindow ?? d.otpPolicy.lookAheadWindow,
    },
    passwordPolicy: props?.passwordPolicy ?? d.passwordPolicy,
  };

  const positive = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) {
      issues.add('ZT-KC-201', `${path}.${field}`, `${value} is not a positive whole number of ${field.endsWith('Factor') ? 'failures' : 'seconds'}`);
      return false;
    }
    return true;
  };
  const s = security;
  positive('bruteForce.failureFactor', s.bruteForce.failureFactor);
  positive('bruteForce.lockoutSeconds', s.bruteForce.lockoutSeconds);
  positive('bruteForce.failureResetSeconds', s.bruteForce.failureResetSeconds);
  const lifespanOk = positive('accessTokenLifespanSeconds', s.accessTokenLifespanSeconds);
  const idleOk = positive('ssoSessionIdleTimeoutSeconds', s.ssoSessionIdleTimeoutSeconds);
  const maxOk = positive('ssoSessionMaxLifespanSeconds', s.ssoSessionMaxLifespanSeconds);
  positive('events.retentionSeconds', s.eventsRetentionSeconds);
  positive('otpPolicy.periodSeconds', s.otpPolicy.periodSeconds);

  if (lifespanOk && idleOk && s.accessTokenLifespanSeconds > s.ssoSessionIdleTimeoutSeconds) {
    issues.add('ZT-KC-202', `${path}.accessTokenLifespanSeconds`, `access tokens live ${s.accessTokenLifespanSeconds} s, longer than the SSO session's idle timeout of ${s.ssoSessionIdleTimeoutSeconds} s: a token would outlive the session that issued it; shorten the token or lengthen ssoSessionIdleTimeoutSeconds`);
  }
  if (idleOk && maxOk && s.ssoSessionIdleTimeoutSeconds > s.ssoSessionMaxLifespanSeconds) {
    issues.add('ZT-KC-203', `${path}.ssoSessionIdleTimeoutSeconds`, `the idle timeout (${s.ssoSessionIdleTimeoutSeconds} s) is longer than the session's maximum lifespan (${s.ssoSessionMaxLifespanSeconds} s)`);
  }
  if (![6, 8].includes(s.otpPolicy.digits)) {
    issues.add('ZT-KC-204', `${path}.otpPolicy.digits`, `${s.otpPolicy.digits} digits: authenticator apps produce 6 or 8`);
  }
  if (!Number.isInteger(s.otpPolicy.lookAheadWindow) || s.otpPolicy.lookAheadWindow < 0 || s.otpPolicy.lookAheadWindow > 10) {
    issues.add('ZT-KC-205', `${path}.otpPolicy.lookAheadWindow`, `${s.otpPolicy.lookAheadWindow} is not a whole number from 0 to 10: a wide window accepts old codes`);
  }
  checkPasswordPolicy(s.passwordPolicy, `${path}.passwordPolicy`, issues);
  checkOfflineAndLockout(s, path, issues);
  return security;
}

function checkPasswordPolicy(policy: string, path: string, issues: IssueCollector): void {
  if (policy.trim() === '') {
    issues.add('ZT-KC-206', path, 'an empty password policy accepts any password: omit the field for the default policy');
    return;
  }
  for (const term of policy.split(' and ')) {
    const match = /^\s*([A-Za-z]+)(\(.*\))?\s*$/.exec(term);
    if (!match || !PASSWORD_POLICIES.has(match[1])) {
      issues.add('ZT-KC-207', path, `"${term.trim()}" is not a Keycloak password policy (known: ${[...PASSWORD_POLICIES].join(', ')}); write policies as name or name(value), joined by " and "`);
    }
  }
}

/** Offline sessions end, and permanent lockout after temporary ones needs permanent lockout on. */
function checkOfflineAndLockout(s: RealmSecurityModel, path: string, issues: IssueCollector): void {
  const idle = s.offlineSessionIdleTimeoutSeconds;
  const max = s.offlineSessionMaxLifespanSeconds;
  for (const [field, value] of [['offlineSessionIdleTimeoutSeconds', idle], ['offlineSessionMaxLifespanSeconds', max]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      issues.add('ZT-KC-401', `${path}.${field}`, `${value} is not a positive whole number of seconds`);
    }
  }
  if (Number.isInteger(idle) && Number.isInteger(max) && idle > max) {
    issues.add('ZT-KC-402', `${path}.offlineSessionIdleTimeoutSeconds`, `the offline idle timeout (${idle} s) is longer than the offline session's maximum lifespan (${max} s)`);
  }
  const n = s.bruteForce.maxTemporaryLockouts;
  if (!Number.isInteger(n) || n < 0) {
    issues.add('ZT-KC-403', `${path}.bruteForce.maxTemporaryLockouts`, `${n} is not a whole number of lockouts from 0 up`);
  } else if (n > 0 && !s.bruteForce.permanentLockout) {
    issues.add('ZT-KC-404', `${path}.bruteForce.maxTemporaryLockouts`, `${n} temporary lockouts before a permanent one needs permanentLockout: true (without it every lockout is temporary)`);
  }
}
