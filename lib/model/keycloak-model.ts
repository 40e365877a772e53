import { ClientAccess, OtpAlgorithm, ProxyHeaders, SslRequired } from '../blueprint/keycloak';
import { KeycloakOperatorModel } from './build-keycloak-server';
import { RoleModel, ServiceModel } from './model';

/** Key of a confidential client's secret in its Kubernetes Secret. */
export const CLIENT_SECRET_KEY = 'client-secret';

/** Clients Keycloak creates in every realm; blueprint clients must not take their IDs. */
export const BUILT_IN_CLIENTS: readonly string[] = [
  'account', 'account-console', 'admin-cli', 'broker', 'realm-management', 'security-admin-console',
];

/** User-profile attributes every realm has. */
export const BUILT_IN_PROFILE_ATTRIBUTES: readonly string[] = ['username', 'email', 'firstName', 'lastName'];

export interface BruteForceModel {
  readonly enabled: boolean;
  readonly failureFactor: number;
  readonly lockoutSeconds: number;
  readonly failureResetSeconds: number;
  readonly permanentLockout: boolean;
  readonly maxTemporaryLockouts: number;
}

export interface OtpPolicyModel {
  readonly algorithm: OtpAlgorithm;
  readonly digits: number;
  readonly periodSeconds: number;
  readonly lookAheadWindow: number;
}

export interface RealmSecurityModel {
  readonly sslRequired: SslRequired;
  readonly registrationAllowed: boolean;
  readonly bruteForce: BruteForceModel;
  readonly accessTokenLifespanSeconds: number;
  readonly ssoSessionIdleTimeoutSeconds: number;
  readonly ssoSessionMaxLifespanSeconds: number;
  readonly offlineSessionIdleTimeoutSeconds: number;
  readonly offlineSessionMaxLifespanSeconds: number;
  readonly revokeRefreshToken: boolean;
  readonly loginEvents: boolean;
  readonly adminEvents: boolean;
  readonly eventsRetentionSeconds: number;
  readonly otpPolicy: OtpPolicyModel;
  readonly passwordPolicy: string;
}

/** A confidential client's secret: a realm placeholder bound to a Kubernetes Secret key. */
export interface ClientSecretModel {
  /** Placeholder name: the realm holds `${<placeholder>}`, the import's environment supplies the value. */
  readonly placeholder: string;
  readonly secretName: string;
  readonly secretKey: string;
}

export interface ClientRoleModel {
  readonly name: string;
  readonly description?: string;
}

/** Client roles of one client, in a scope mapping or a group. */
export interface ClientRoleRefModel {
  readonly clientId: string;
  readonly roles: readonly string[];
}

export interface ClientModel {
  readonly clientId: string;
  readonly name?: string;
  readonly access: ClientAccess;
  /** The authorization code flow is on (the client logs users in). */
  readonly standardFlow: boolean;
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly pkce: boolean;
  /** May ask for offline tokens (`offline_access` is among its optional client scopes). */
  readonly offlineAccess: boolean;
  /** The blueprint service whose workload identity this client is, if any. */
  readonly service?: string;
  /** Service account on: the client obtains tokens for itself (client credentials). */
  readonly serviceAccount: boolean;
  /** Realm roles of the service account as declared, and with inheritance expanded (sorted). */
  readonly serviceAccountRoles: readonly string[];
  readonly serviceAccountEffectiveRoles: readonly string[];
  readonly roles: readonly ClientRoleModel[];
  /** Client IDs its access tokens are for (sorted). */
  readonly audiences: readonly string[];
  /** Realm roles in the client's scope (sorted). */
  readonly scopeRealmRoles: readonly string[];
  /** Client roles in the client's scope: those of its audiences (sorted by client). */
  readonly scopeClientRoles: readonly ClientRoleRefModel[];
  /** Custom claims go into this client's tokens (it logs users in). */
  readonly userClaims: boolean;
  readonly secret?: ClientSecretModel;
}

export interface GroupModel {
  readonly name: string;
  readonly realmRoles: readonly string[];
  readonly clientRoles: readonly ClientRoleRefModel[];
}

export interface ClaimModel {
  readonly name: string;
  readonly attribute: string;
}

export interface UserProfileAttributeModel {
  readonly name: string;
  readonly displayName: string;
}

/** The realm, normalized: what the RealmRepresentation builder reads. Lists are sorted. */
export interface RealmModel {
  readonly name: string;
  readonly displayName?: string;
  readonly security: RealmSecurityModel;
  readonly roles: readonly RoleModel[];
  /**
   * Roles whose holders need OTP, reduced to the fewest roles that cover the same users: a role that
   * includes another listed role is dropped, since its holders also hold the one it includes.
   */
  readonly otpRoles: readonly string[];
  readonly clients: readonly ClientModel[];
  readonly groups: readonly GroupModel[];
  readonly claims: readonly ClaimModel[];
  readonly userProfileAttributes: readonly UserProfileAttributeModel[];
  /** RSA signing keys, sorted by name. */
  readonly signingKeys: readonly SigningKeyModel[];
  /** Generated fields as `keycloak.realmOverrides` sets them (the defaults when it is absent). */
  readonly overrides: RealmOverridesModel;
}

/** The realm's login options (RealmRepresentation field names). */
export interface RealmLoginSettingsModel {
  registrationEmailAsUsername: boolean;
  rememberMe: boolean;
  verifyEmail: boolean;
  loginWithEmailAllowed: boolean;
  duplicateEmailsAllowed: boolean;
  resetPasswordAllowed: boolean;
  editUsernameAllowed: boolean;
}

export interface RealmOverridesModel {
  readonly login: Readonly<RealmLoginSettingsModel>;
  /** `jboss-logging` first, then the blueprint's listeners in their order. */
  readonly eventsListeners: readonly string[];
  /** Extra realm attributes, sorted by key (the admin-event retention is not among them). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly displayNameHtml?: string;
  readonly loginTheme?: string;
  readonly accountTheme?: string;
  readonly emailTheme?: string;
}

/** One `rsa-generated` key provider. */
export interface SigningKeyModel {
  readonly name: string;
  readonly priority: number;
  /** Signs new tokens (when it has the highest priority of the active keys). */
  readonly active: boolean;
  /** Verifies tokens; a disabled key does neither. */
  readonly enabled: boolean;
  readonly keySize: number;
}

export interface SecretKeyRefModel {
  readonly name: string;
  readonly key: string;
}

export interface KeycloakDatabaseModel {
  /** The blueprint service running PostgreSQL, when the database is in the blueprint. */
  readonly service?: ServiceModel;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly usernameSecret: SecretKeyRefModel;
  readonly passwordSecret: SecretKeyRefModel;
}

/** Keycloak: the server (Keycloak CR) and its realm (KeycloakRealmImport). */
export interface KeycloakModel {
  /** The blueprint service that runs Keycloak (namespace, selector, ServiceAccount, ports). */
  readonly service: ServiceModel;
  /** Name of the Keycloak CR (the service name). */
  readonly name: string;
  readonly namespace: string;
  /** `https://<hostname>`. */
  readonly hostnameUrl: string;
  readonly instances: number;
  readonly image?: string;
  readonly httpsPort: number;
  readonly managementPort: number;
  readonly tlsSecretName: string;
  /** Forwarded headers Keycloak reads; undefined: none (no trusted proxy). */
  readonly proxyHeaders?: ProxyHeaders;
  /** `proxy-trusted-addresses`: the only sources whose forwarded headers are believed. */
  readonly trustedProxyCidrs: readonly string[];
  /** API version, the operator's NetworkPolicy and ServiceMonitor. */
  readonly operator: KeycloakOperatorModel;
  readonly database: KeycloakDatabaseModel;
  readonly realm: RealmModel;
}
