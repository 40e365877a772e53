// One comparable shape of a Keycloak realm, built either from a RealmRepresentation (the realm import) or
// from the resources a Pulumi program declares (type + inputs, as the mock runtime captured them), so a
// parity test can compare the two paths field by field. Both readers are strict: a representation key, or a
// resource input, that the shape does not cover is reported as a problem instead of being skipped, so a new
// field on either side cannot slip past the comparison. The readers: representation-shape.ts and
// resources-shape.ts.

/**
 * Top-level flows Keycloak itself creates in a realm made through the admin API (DefaultAuthenticationFlows
 * in the Keycloak server). A realm import carries copies of them; a realm made by Pulumi uses Keycloak's own,
 * so the shape records bindings to them by alias only.
 */
export const KEYCLOAK_CREATED_FLOWS: readonly string[] = [
  'browser', 'direct grant', 'registration', 'reset credentials', 'clients', 'first broker login', 'docker auth', 'saml ecp',
];

export const BINDINGS = [
  'browserFlow', 'directGrantFlow', 'registrationFlow', 'resetCredentialsFlow', 'clientAuthenticationFlow',
  'firstBrokerLoginFlow', 'dockerAuthenticationFlow',
] as const;

/** RealmRepresentation fields of the realm's own settings, under their RealmRepresentation names. */
export const SETTINGS = [
  'realm', 'displayName', 'displayNameHtml', 'loginTheme', 'accountTheme', 'emailTheme', 'enabled', 'sslRequired', 'registrationAllowed', 'registrationEmailAsUsername', 'rememberMe',
  'verifyEmail', 'loginWithEmailAllowed', 'duplicateEmailsAllowed', 'resetPasswordAllowed', 'editUsernameAllowed',
  'passwordPolicy', 'bruteForceProtected', 'permanentLockout', 'maxTemporaryLockouts', 'failureFactor',
  'waitIncrementSeconds', 'maxFailureWaitSeconds', 'maxDeltaTimeSeconds', 'accessTokenLifespan', 'ssoSessionIdleTimeout',
  'ssoSessionMaxLifespan', 'offlineSessionIdleTimeout', 'offlineSessionMaxLifespanEnabled', 'offlineSessionMaxLifespan', 'revokeRefreshToken', 'refreshTokenMaxReuse', 'eventsEnabled', 'eventsExpiration',
  'eventsListeners', 'adminEventsEnabled', 'adminEventsDetailsEnabled', 'attributes', 'otpPolicyType',
  'otpPolicyAlgorithm', 'otpPolicyDigits', 'otpPolicyPeriod', 'otpPolicyLookAheadWindow', 'otpPolicyCodeReusable',
] as const;

/** Brute-force details, which mean nothing while detection is off. */
const BRUTE_FORCE_DETAILS = [
  'permanentLockout', 'maxTemporaryLockouts', 'failureFactor', 'waitIncrementSeconds', 'maxFailureWaitSeconds', 'maxDeltaTimeSeconds',
] as const;

export interface ExecutionShape {
  readonly authenticator?: string;
  /** Alias of the sub-flow this execution runs. */
  readonly flow?: string;
  readonly requirement: string;
  /** The execution's configuration (its alias is a label and not compared). */
  readonly config?: Record<string, string>;
}

export interface FlowShape {
  readonly description?: string;
  readonly providerId?: string;
  readonly topLevel: boolean;
  /** In priority order. */
  readonly executions: ExecutionShape[];
}

export interface MapperShape {
  readonly protocol: string;
  readonly protocolMapper: string;
  readonly consentRequired: boolean;
  readonly config: Record<string, string>;
}

export interface ClientShape {
  name?: string;
  description?: string;
  enabled?: boolean;
  protocol?: string;
  publicClient?: boolean;
  bearerOnly?: boolean;
  clientAuthenticatorType?: string;
  /** Where the secret comes from: `placeholder <NAME>` on both paths (never a literal). */
  secret?: string;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  consentRequired?: boolean;
  frontchannelLogout?: boolean;
  fullScopeAllowed?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  /** Client attributes, under their Keycloak names. */
  attributes: Record<string, string>;
  mappers: Record<string, MapperShape>;
  /** The service account's realm roles, and whether they are exactly these (no others kept). */
  serviceAccountRoles?: { realm: string[]; client: Record<string, string[]>; exact: boolean };
  scopeRealmRoles: string[];
  scopeClientRoles: Record<string, string[]>;
  /** Default and optional client scopes, when the program sets them. */
  defaultScopes?: string[];
  optionalScopes?: string[];
}

/** A client profile (executors with their configuration as text) or a client policy. */
export interface ClientProfileShape { description?: string; executors: { name: string; config: Record<string, string> }[] }
export interface ClientPolicyShape { description?: string; enabled?: boolean; conditions: { name: string; config: Record<string, string> }[]; profiles: string[] }

/** Key providers Keycloak creates in every realm it creates itself, which the import declares for completeness. */
export const KEYCLOAK_STANDARD_KEYS: Record<string, string> = {
  'rsa-enc-generated': 'rsa-enc-generated', 'hmac-generated-hs512': 'hmac-generated', 'aes-generated': 'aes-generated',
};

/** Client-policy configuration as text (lists as JSON), as both paths must state it. */
export const configText = (config: Record<string, unknown> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, str(v)]));

export interface RoleShape {
  description?: string;
  composites: string[];
  clientComposites: Record<string, string[]>;
}

export interface GroupShape {
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
  /** The group holds exactly these roles. */
  exact: boolean;
}

export interface UserProfileShape {
  attributes: Record<string, Record<string, unknown>>;
  groups: Record<string, Record<string, unknown>>;
  unmanagedAttributePolicy?: string;
}

export interface RealmShape {
  settings: Record<string, unknown>;
  realmRoles: Record<string, RoleShape>;
  clientRoles: Record<string, Record<string, RoleShape>>;
  groups: Record<string, GroupShape>;
  clients: Record<string, ClientShape>;
  /** Flows the realm defines itself, by alias (Keycloak's own flows excluded). */
  flows: Record<string, FlowShape>;
  bindings: Record<string, string>;
  userProfile?: UserProfileShape;
  clientProfiles: Record<string, ClientProfileShape>;
  clientPolicies: Record<string, ClientPolicyShape>;
  /** RSA signing keys by name: their config as text. */
  signingKeys: Record<string, Record<string, string>>;
  /** What the reader could not map: uncovered fields, dangling references. Parity needs none on either side. */
  problems: string[];
}

export function emptyShape(): RealmShape {
  return {
    settings: {}, realmRoles: {}, clientRoles: {}, groups: {}, clients: {}, flows: {}, bindings: {},
    clientProfiles: {}, clientPolicies: {}, signingKeys: {}, problems: [],
  };
}

export function emptyClient(): ClientShape {
  return { attributes: {}, mappers: {}, scopeRealmRoles: [], scopeClientRoles: {} };
}

export const sorted = (values: unknown): string[] => [...((values as string[] | undefined) ?? [])].sort();
export const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Reads the fields of one object, remembering which; `leftovers` names the ones nobody read. */
export class Fields {
  private readonly read = new Set<string>();
  constructor(private readonly obj: Record<string, any>, private readonly path: string) {}

  public get<T = any>(key: string): T {
    this.read.add(key);
    return this.obj[key];
  }

  public has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  public leftovers(problems: string[]): void {
    for (const [key, value] of Object.entries(this.obj)) {
      if (!this.read.has(key) && value !== undefined) {
        problems.push(`${this.path}.${key} is not covered by the parity shape`);
      }
    }
  }
}

export function dropBruteForceDetailsWhenOff(settings: Record<string, unknown>): void {
  if (settings.bruteForceProtected === false) {
    for (const key of BRUTE_FORCE_DETAILS) {
      delete settings[key];
    }
  }
}

export function sortedValues(map: Record<string, unknown>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, sorted(v)]));
}

export function boolText(v: unknown): string | undefined {
  return v === undefined ? undefined : String(v);
}

/** Keycloak treats an empty mapper config value as absent. */
export function withoutEmpty(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
}

export function definedOnly<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** Every difference between two shapes, as `path: expected … actual …`. Empty means parity. */
export function diffShapes(expected: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) {
      return [`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`];
    }
    const out: string[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      out.push(...diffShapes(expected[i], actual[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((k) => diffShapes(expected[k], actual[k], path ? `${path}.${k}` : k));
  }
  return Object.is(expected, actual) ? [] : [`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
