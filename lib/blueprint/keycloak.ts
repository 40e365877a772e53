/** Whether Keycloak refuses plain-HTTP requests to the realm (`sslRequired`). */
export enum SslRequired {
  /** HTTPS for every request, also from private addresses. */
  ALL = 'all',
  /** HTTPS except from private addresses (Keycloak's default; pods call from private addresses). */
  EXTERNAL = 'external',
}

/** HMAC algorithm of time-based one-time passwords. */
export enum OtpAlgorithm {
  /** HMAC-SHA1: the only algorithm every common authenticator app supports. */
  HMAC_SHA1 = 'HmacSHA1',
  HMAC_SHA256 = 'HmacSHA256',
  HMAC_SHA512 = 'HmacSHA512',
}

/** How an OIDC client authenticates to Keycloak. */
export enum ClientAccess {
  /** A browser app (SPA) that cannot keep a secret: authorization code flow with PKCE only. */
  PUBLIC = 'public',
  /** A server-side app or API that holds a client secret. */
  CONFIDENTIAL = 'confidential',
}

/** Which proxy headers Keycloak trusts for the client's address and the original scheme and host. */
export enum ProxyHeaders {
  /** `X-Forwarded-For`, `X-Forwarded-Proto`, `X-Forwarded-Host` (ingress-nginx, most gateways). */
  XFORWARDED = 'xforwarded',
  /** The standard `Forwarded` header (RFC 7239). */
  FORWARDED = 'forwarded',
}

/**
 * What to do about the NetworkPolicy the Keycloak Operator makes for its pods. Operators from 26.2 on
 * create one, enabled by default, that admits HTTPS and the management port from every source unless the
 * Keycloak CR lists the sources; NetworkPolicies add up, so it would reopen the zone the blueprint closes.
 */
export enum OperatorNetworkPolicy {
  /**
   * `spec.networkPolicy` with `https` and `management` sources that are exactly the blueprint's callers of
   * those ports (the sources of the service's own `<service>-ingress` policy; a port nobody may call gets
   * a source that matches no pod, never an empty list). Keycloak Operator 26.2 and later.
   */
  EXACT = 'exact',
  /**
   * `spec.networkPolicy.enabled: false` (Keycloak Operator 26.2 and later): the operator makes no policy and
   * the blueprint's NetworkPolicies alone decide who reaches Keycloak.
   */
  DISABLE = 'disable',
  /**
   * Emit no `spec.networkPolicy`. Only for Keycloak Operator 26.0 and 26.1, which create no NetworkPolicy and
   * whose CRD has no such field (an API server with strict field validation rejects it). With a newer
   * operator this leaves Keycloak open to every pod.
   */
  OMIT = 'omit',
}

/** The API version of the Keycloak Operator's `Keycloak` and `KeycloakRealmImport`. */
export enum KeycloakApiVersion {
  /** `k8s.keycloak.org/v2beta1`: the storage version since Keycloak Operator 26.6. */
  V2BETA1 = 'v2beta1',
  /**
   * `k8s.keycloak.org/v2alpha1`: for operators before 26.6 (deprecated from 26.6 on: a warning on every
   * apply). Same fields as v2beta1.
   */
  V2ALPHA1 = 'v2alpha1',
}

/** Brute-force detection: temporary lockout after repeated failed logins. */
export interface BruteForceProps {
  /**
   * Whether brute-force detection is on (`bruteForceProtected`).
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Failed logins after which the account is locked (`failureFactor`).
   * @default 5
   * @asType integer
   * @minimum 1
   */
  readonly failureFactor?: number;

  /**
   * How long an account stays locked, in seconds (`waitIncrementSeconds` and `maxFailureWaitSeconds`).
   * @default 300
   * @asType integer
   * @minimum 1
   */
  readonly lockoutSeconds?: number;

  /**
   * Seconds without a failure after which the failure count starts again (`maxDeltaTimeSeconds`).
   * @default 43200 (12 hours)
   * @asType integer
   * @minimum 1
   */
  readonly failureResetSeconds?: number;

  /**
   * Lock accounts permanently (an admin must unlock them) instead of temporarily (`permanentLockout`).
   * @default false
   */
  readonly permanentLockout?: boolean;

  /**
   * With `permanentLockout`: temporary lockouts an account may have before the next one is permanent
   * (`maxTemporaryLockouts`); 0 makes the first lockout permanent. Keycloak keeps the count in its cache.
   * @default 0
   * @asType integer
   * @minimum 0
   */
  readonly maxTemporaryLockouts?: number;
}

/** State of a realm signing key. */
export enum SigningKeyState {
  /** Signs new tokens (the active key with the highest priority does) and verifies tokens. */
  ACTIVE = 'active',
  /** Only verifies tokens it signed before: the state of the previous key during a rotation. */
  PASSIVE = 'passive',
  /** Neither signs nor verifies; remove it once no token it signed can still be used. */
  DISABLED = 'disabled',
}

/** An RSA signing key of the realm (a Keycloak `rsa-generated` key provider, RS256). */
export interface KeycloakSigningKeyProps {
  /**
   * Name of the key provider (keep it across rotations: it identifies the key).
   * @pattern ^[a-z0-9][a-z0-9-]*$
   */
  readonly name: string;

  /**
   * Priority: of the active keys, the one with the highest priority signs new tokens. The default is above
   * the key Keycloak generates itself (100) in a realm it creates (the Pulumi path).
   * @default 200
   * @asType integer
   */
  readonly priority?: number;

  /**
   * Whether the key signs, only verifies, or neither.
   * @default SigningKeyState.ACTIVE
   */
  readonly state?: SigningKeyState;

  /**
   * RSA key size in bits: 2048, 3072 or 4096.
   * @default 2048
   * @asType integer
   */
  readonly keySize?: number;
}

/** Which events Keycloak records and how long it keeps them. */
export interface KeycloakEventsProps {
  /**
   * Record user events: logins, failed logins, logouts, token refreshes (`eventsEnabled`).
   * @default true
   */
  readonly loginEvents?: boolean;

  /**
   * Record admin events: every change made through the admin API (`adminEventsEnabled`), with the
   * request body (`adminEventsDetailsEnabled`).
   * @default true
   */
  readonly adminEvents?: boolean;

  /**
   * How long user and admin events are kept, in seconds (`eventsExpiration`, `adminEventsExpiration`).
   * @default 7776000 (90 days)
   * @asType integer
   * @minimum 1
   */
  readonly retentionSeconds?: number;
}

/** The realm's one-time password policy (`otpPolicy*`). */
export interface OtpPolicyProps {
  /**
   * HMAC algorithm.
   * @default OtpAlgorithm.HMAC_SHA1
   */
  readonly algorithm?: OtpAlgorithm;

  /**
   * Digits per code: 6 or 8.
   * @default 6
   * @asType integer
   * @minimum 6
   * @maximum 8
   */
  readonly digits?: number;

  /**
   * Seconds a code is valid.
   * @default 30
   * @asType integer
   * @minimum 1
   */
  readonly periodSeconds?: number;

  /**
   * Codes before and after the current one that are also accepted (clock skew).
   * @default 1
   * @asType integer
   * @minimum 0
   * @maximum 10
   */
  readonly lookAheadWindow?: number;
}

/** Realm security settings. Every default is the hardened value; override one field at a time. */
export interface KeycloakSecurityProps {
  /**
   * Whether Keycloak refuses plain HTTP.
   * @default SslRequired.ALL
   */
  readonly sslRequired?: SslRequired;

  /**
   * Whether users may register themselves on the login page.
   * @default false
   */
  readonly registrationAllowed?: boolean;

  /**
   * Brute-force detection.
   * @default - on: 5 failures lock the account for 5 minutes
   */
  readonly bruteForce?: BruteForceProps;

  /**
   * Lifetime of access tokens, in seconds (`accessTokenLifespan`). At most `ssoSessionIdleTimeoutSeconds`.
   * @default 300
   * @asType integer
   * @minimum 1
   */
  readonly accessTokenLifespanSeconds?: number;

  /**
   * Seconds of inactivity after which an SSO session ends (`ssoSessionIdleTimeout`).
   * @default 1800
   * @asType integer
   * @minimum 1
   */
  readonly ssoSessionIdleTimeoutSeconds?: number;

  /**
   * Longest lifetime of an SSO session, in seconds (`ssoSessionMaxLifespan`).
   * @default 36000 (10 hours)
   * @asType integer
   * @minimum 1
   */
  readonly ssoSessionMaxLifespanSeconds?: number;

  /**
   * Seconds of inactivity after which an offline session ends (`offlineSessionIdleTimeout`).
   * @default 604800 (7 days)
   * @asType integer
   * @minimum 1
   */
  readonly offlineSessionIdleTimeoutSeconds?: number;

  /**
   * Longest lifetime of an offline session, in seconds (`offlineSessionMaxLifespan`, always enabled).
   * @default 2592000 (30 days)
   * @asType integer
   * @minimum 1
   */
  readonly offlineSessionMaxLifespanSeconds?: number;

  /**
   * Refresh tokens are single-use: a refresh token that was used once is revoked (`revokeRefreshToken`,
   * `refreshTokenMaxReuse: 0`), so a stolen one is detected when both parties use it.
   * @default true
   */
  readonly revokeRefreshToken?: boolean;

  /**
   * Login and admin events.
   * @default - both on, kept 90 days
   */
  readonly events?: KeycloakEventsProps;

  /**
   * One-time password policy.
   * @default - TOTP, HmacSHA1, 6 digits, 30 seconds, look-ahead 1
   */
  readonly otpPolicy?: OtpPolicyProps;

  /**
   * Keycloak password policy string.
   * @default 'length(12) and notUsername and notEmail'
   */
  readonly passwordPolicy?: string;
}

/** Multi-factor authentication. */
export interface KeycloakMfaProps {
  /**
   * Realm roles whose holders (directly, through a group or through a role that includes them) must enter a
   * one-time password at every browser and direct-grant login. Holders without an OTP device are asked to
   * set one up at their next browser login. An empty list turns role-based OTP off.
   * @default ['admin', 'operator']
   */
  readonly otpRequiredForRoles?: string[];
}

/** A role that belongs to one client, such as `invoice-approver` of an API. */
export interface ClientRoleProps {
  /** Role name (lowercase letters, digits, '-' and '_', starting with a letter). */
  readonly name: string;

  /**
   * What the role allows.
   * @default - none
   */
  readonly description?: string;
}

/** An OpenID Connect client of the realm. */
export interface KeycloakClientProps {
  /**
   * Client ID, a DNS-1123 label (it also names the client's Kubernetes Secret).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly clientId: string;

  /**
   * Display name.
   * @default - none
   */
  readonly name?: string;

  /**
   * Public (browser app) or confidential (server-side, holds a secret).
   * @default ClientAccess.CONFIDENTIAL
   */
  readonly access?: ClientAccess;

  /**
   * Exact `https://` redirect URIs of the authorization code flow (no wildcards). Required for a public
   * client; a confidential client without any does not log users in (an API or a service account).
   * @default - none
   */
  readonly redirectUris?: string[];

  /**
   * Exact `https://` origins allowed for CORS.
   * @default - the origins of `redirectUris`
   */
  readonly webOrigins?: string[];

  /**
   * Exact `https://` URIs Keycloak may redirect to after logout.
   * @default - none
   */
  readonly postLogoutRedirectUris?: string[];

  /**
   * Require PKCE with S256 in the authorization code flow. A public client must keep it.
   * @default true
   */
  readonly pkce?: boolean;

  /**
   * Whether the client may ask for offline tokens (`scope=offline_access`): refresh tokens that outlive the
   * SSO session, up to `security.offlineSessionMaxLifespanSeconds`.
   * @default false
   */
  readonly offlineAccess?: boolean;

  /**
   * Roles of this client (client roles), for example `invoice-approver` of an API.
   * @default - none
   */
  readonly roles?: ClientRoleProps[];

  /**
   * Client IDs of the APIs this client's access tokens are for (the `aud` claim): each API only accepts
   * tokens that name it. Their client roles come into this client's tokens too.
   * @default - none; a service's client also gets the APIs of the services it may call
   */
  readonly audiences?: string[];

  /**
   * Realm roles that may appear in this client's tokens (scope mappings; full scope is always off).
   * @default - every realm role for a client that logs users in, else the roles of its service account
   */
  readonly scopeRealmRoles?: string[];

  /**
   * Kubernetes Secret (in Keycloak's namespace) whose key `client-secret` holds a confidential client's
   * secret. The realm only carries a `${placeholder}` for it.
   * @default 'keycloak-client-<clientId>'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly secretName?: string;
}

/** Role mappings of a group for one client's roles. */
export interface GroupClientRolesProps {
  /** Client ID of the client that defines the roles. */
  readonly clientId: string;

  /** Names of that client's roles. */
  readonly roles: string[];
}

/** A group of users with role mappings. */
export interface KeycloakGroupProps {
  /** Group name. */
  readonly name: string;

  /**
   * Realm roles every member holds.
   * @default - none
   */
  readonly realmRoles?: string[];

  /**
   * Client roles every member holds.
   * @default - none
   */
  readonly clientRoles?: GroupClientRolesProps[];
}

/** A token claim taken from a user attribute. */
export interface CustomClaimProps {
  /** Claim name in ID and access tokens and userinfo. */
  readonly name: string;

  /**
   * The user attribute it is read from; must be declared in the user profile.
   * @default - the claim name
   */
  readonly attribute?: string;
}

/** A custom attribute of the user profile. Users can see it; only administrators can change it. */
export interface UserProfileAttributeProps {
  /** Attribute name. */
  readonly name: string;

  /**
   * Label shown in the admin and account consoles.
   * @default - the name
   */
  readonly displayName?: string;
}

/** The PostgreSQL database Keycloak stores the realm in. */
export interface KeycloakDatabaseProps {
  /**
   * The blueprint service that runs PostgreSQL. The blueprint must let Keycloak reach it.
   * @default 'postgresql' (unless `host` points outside the blueprint)
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly service?: string;

  /**
   * Database host.
   * @default - `<service>.<namespace>.svc`
   */
  readonly host?: string;

  /**
   * Database port.
   * @default - the service's port named `postgresql`, else 5432
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;

  /**
   * Database name.
   * @default 'keycloak'
   */
  readonly database?: string;

  /**
   * Secret in Keycloak's namespace with the database user name and password.
   * @default 'keycloak-db'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly credentialsSecret?: string;

  /**
   * Key of the user name in `credentialsSecret`.
   * @default 'username'
   */
  readonly usernameKey?: string;

  /**
   * Key of the password in `credentialsSecret`.
   * @default 'password'
   */
  readonly passwordKey?: string;
}

/**
 * Keycloak, the identity provider of the platform: the server (a Keycloak Operator `Keycloak`) and its realm
 * (a `KeycloakRealmImport`, also written as a plain `<realm>-realm.json`).
 */
export interface KeycloakProps {
  /**
   * Public host name of Keycloak, as browsers reach it through the gateway (for example `auth.example.com`).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly hostname: string;

  /**
   * The blueprint service that runs Keycloak; it must declare ports named `https` and `management`.
   * @default 'keycloak'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly service?: string;

  /**
   * Realm name.
   * @default 'platform'
   * @pattern ^(?!master$)[A-Za-z0-9][A-Za-z0-9_-]{0,62}$
   */
  readonly realm?: string;

  /**
   * Realm display name on the login page.
   * @default - none
   */
  readonly displayName?: string;

  /**
   * Keycloak server pods. More than one needs the JGroups ports between Keycloak pods in the blueprint.
   * @default 1
   * @asType integer
   * @minimum 1
   */
  readonly instances?: number;

  /**
   * Keycloak image.
   * @default - the operator's image
   */
  readonly image?: string;

  /**
   * The database.
   * @default - PostgreSQL service `postgresql`, database `keycloak`, credentials in Secret `keycloak-db`
   */
  readonly database?: KeycloakDatabaseProps;

  /**
   * Secret with Keycloak's HTTPS certificate (`tls.crt`, `tls.key`).
   * @default - the Keycloak service's certificate Secret (`<service>-tls`)
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly tlsSecretName?: string;

  /**
   * Proxy headers the gateway sets. Keycloak reads them only from `trustedProxyCidrs`.
   * @default - ProxyHeaders.XFORWARDED with `trustedProxyCidrs`, else none: Keycloak trusts no forwarded header
   */
  readonly proxyHeaders?: ProxyHeaders;

  /**
   * Addresses of the proxies in front of Keycloak (the gateway's pod or node ranges) whose forwarded headers
   * Keycloak believes (`proxy-trusted-addresses`). Without them no forwarded header is trusted, so a client
   * cannot forge the address Keycloak records in its events.
   * @default - none
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly trustedProxyCidrs?: string[];

  /**
   * The realm's RSA signing keys. Rotate by adding a key with a higher priority and making the old one
   * `passive`; disable and remove it once tokens it signed have expired (docs/keycloak.md).
   * @default - one active key `rsa-signing`, priority 200, 2048 bits
   */
  readonly signingKeys?: KeycloakSigningKeyProps[];

  /**
   * The Keycloak Operator's own NetworkPolicy.
   * @default OperatorNetworkPolicy.EXACT
   */
  readonly operatorNetworkPolicy?: OperatorNetworkPolicy;

  /**
   * API version of the emitted `Keycloak` and `KeycloakRealmImport`: v2alpha1 only for operators before 26.6.
   * @default KeycloakApiVersion.V2BETA1
   */
  readonly apiVersion?: KeycloakApiVersion;

  /**
   * Realm security settings.
   * @default - the hardened defaults listed on each field
   */
  readonly security?: KeycloakSecurityProps;

  /**
   * Multi-factor authentication.
   * @default - OTP required for `admin` and `operator`
   */
  readonly mfa?: KeycloakMfaProps;

  /**
   * OIDC clients. Every service that holds `roles` also gets a confidential service-account client named
   * after it (declare a client with the same ID to add redirect URIs, roles or audiences to it).
   * @default - only the services' clients
   */
  readonly clients?: KeycloakClientProps[];

  /**
   * Groups with role mappings.
   * @default - none
   */
  readonly groups?: KeycloakGroupProps[];

  /**
   * Claims from user attributes in the tokens of clients that log users in.
   * @default - `organization`, `department` and `employee_id`
   */
  readonly claims?: CustomClaimProps[];

  /**
   * Custom user-profile attributes (besides username, email, first and last name).
   * @default - one per claim attribute
   */
  readonly userProfileAttributes?: UserProfileAttributeProps[];

  /**
   * Realm fields the blueprint otherwise generates with fixed values (login options, event listeners,
   * themes, attributes). They change the realm MODEL, so the `KeycloakRealmImport`, `realmJson`, the realm
   * file and the Pulumi program all carry them; a JSON patch of the realm import changes that object only.
   * @default - the hardened defaults (docs/keycloak.md)
   */
  readonly realmOverrides?: RealmOverridesProps;
}

/**
 * Login options of the realm. Accounts are created by admins (or federation), so by default the
 * self-service paths stay closed and users log in with their username or email.
 */
export interface RealmLoginSettingsProps {
  /**
   * Users' email addresses are their usernames.
   * @default false
   */
  readonly registrationEmailAsUsername?: boolean;

  /**
   * The login page offers "remember me" (a session that outlives the browser).
   * @default false
   */
  readonly rememberMe?: boolean;

  /**
   * Users must verify their email address after the first login.
   * @default false
   */
  readonly verifyEmail?: boolean;

  /**
   * Users may log in with their email address instead of their username.
   * @default true
   */
  readonly loginWithEmailAllowed?: boolean;

  /**
   * Several users may share one email address.
   * @default false
   */
  readonly duplicateEmailsAllowed?: boolean;

  /**
   * The login page offers "forgot password" (needs the realm's SMTP server).
   * @default false
   */
  readonly resetPasswordAllowed?: boolean;

  /**
   * Users may change their own username.
   * @default false
   */
  readonly editUsernameAllowed?: boolean;
}

/** Overrides of realm fields the library generates, applied to the realm model before anything is rendered. */
export interface RealmOverridesProps {
  /**
   * Login options.
   * @default - the hardened login settings
   */
  readonly login?: RealmLoginSettingsProps;

  /**
   * Event listeners besides `jboss-logging` (which every realm keeps, so the log pipeline sees the events),
   * such as `email` or a metrics listener installed as a Keycloak provider.
   * @default - none
   */
  readonly eventsListeners?: string[];

  /**
   * Realm attributes. `adminEventsExpiration` is set from `security.events.retentionSeconds` and cannot be given here.
   * @default - none
   */
  readonly attributes?: { [key: string]: string };

  /**
   * HTML shown as the realm's name on the login page.
   * @default - none: the display name
   */
  readonly displayNameHtml?: string;

  /**
   * Theme of the login pages (a theme installed on the Keycloak server).
   * @default - Keycloak's default theme
   */
  readonly loginTheme?: string;

  /**
   * Theme of the account console.
   * @default - Keycloak's default theme
   */
  readonly accountTheme?: string;

  /**
   * Theme of the emails Keycloak sends.
   * @default - Keycloak's default theme
   */
  readonly emailTheme?: string;
}
