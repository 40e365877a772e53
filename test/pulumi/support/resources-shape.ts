// Reads the resources a Pulumi program declared (type and inputs, as the mock runtime captured them) into the
// comparable realm shape, following the Keycloak provider's own mapping of its inputs to Keycloak's fields.
import { parseGoDuration } from '../../../lib/model/go-duration';
import { CapturedResource } from './pulumi-mocks';
import {
  BINDINGS, boolText, ClientShape, configText, definedOnly, dropBruteForceDetailsWhenOff, emptyClient, emptyShape, ExecutionShape,
  Fields, FlowShape, KEYCLOAK_CREATED_FLOWS, RealmShape, RoleShape, sorted, sortedValues, str, UserProfileShape, withoutEmpty,
} from './realm-shape';

/** How the Pulumi inputs of the provider's resources map to Keycloak's names, read from the provider. */
export interface PulumiShapeOptions {
  /** Maps a client secret's value to its source label (`placeholder <NAME>`). */
  readonly secretLabel: (value: string) => string | undefined;
}

/** Pulumi type tokens of the @pulumi/keycloak resources the program declares. */
export const KEYCLOAK_TYPES = {
  realm: 'keycloak:index/realm:Realm',
  events: 'keycloak:index/realmEvents:RealmEvents',
  role: 'keycloak:index/role:Role',
  group: 'keycloak:index/group:Group',
  groupRoles: 'keycloak:index/groupRoles:GroupRoles',
  userRoles: 'keycloak:index/userRoles:UserRoles',
  roleMapper: 'keycloak:index/genericRoleMapper:GenericRoleMapper',
  userProfile: 'keycloak:index/realmUserProfile:RealmUserProfile',
  client: 'keycloak:openid/client:Client',
  clientDefaultScopes: 'keycloak:openid/clientDefaultScopes:ClientDefaultScopes',
  clientOptionalScopes: 'keycloak:openid/clientOptionalScopes:ClientOptionalScopes',
  clientProfile: 'keycloak:index/realmClientPolicyProfile:RealmClientPolicyProfile',
  clientPolicy: 'keycloak:index/realmClientPolicyProfilePolicy:RealmClientPolicyProfilePolicy',
  signingKey: 'keycloak:index/realmKeystoreRsaGenerated:RealmKeystoreRsaGenerated',
  audienceMapper: 'keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper',
  attributeMapper: 'keycloak:openid/userAttributeProtocolMapper:UserAttributeProtocolMapper',
  flow: 'keycloak:authentication/flow:Flow',
  subflow: 'keycloak:authentication/subflow:Subflow',
  execution: 'keycloak:authentication/execution:Execution',
  executionConfig: 'keycloak:authentication/executionConfig:ExecutionConfig',
  bindings: 'keycloak:authentication/bindings:Bindings',
} as const;
const T = KEYCLOAK_TYPES;

/** Pulumi marks secret values with this signature when it serializes them. */
const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

function unwrapSecret(value: unknown): { value: unknown; secret: boolean } {
  if (value !== null && typeof value === 'object' && (value as any)[SECRET_SIG_KEY] === SECRET_SIG) {
    return { value: (value as any).value, secret: true };
  }
  return { value, secret: false };
}

const seconds = (duration: unknown): number | undefined => {
  if (typeof duration !== 'string') {
    return undefined;
  }
  const nanos = parseGoDuration(duration);
  return nanos === undefined ? undefined : Number(nanos / 1_000_000_000n);
};

export function shapeOfResources(declared: readonly CapturedResource[], options: PulumiShapeOptions): RealmShape {
  const shape = emptyShape();
  const known = new Set<string>(Object.values(T));
  for (const r of declared) {
    if (!known.has(r.type)) {
      shape.problems.push(`${r.name}: resource type ${r.type} is not covered by the parity shape`);
    }
  }
  const realms = declared.filter((r) => r.type === T.realm);
  if (realms.length !== 1) {
    shape.problems.push(`${realms.length} realm resources, expected one`);
    return shape;
  }
  const realmName = realms[0].id;
  // Only what is declared in this realm belongs to its shape.
  const inOtherRealms = declared.filter((r) => r.type !== T.realm && r.inputs.realmId !== realmName);
  for (const r of inOtherRealms) {
    shape.problems.push(`${r.name} is in realm ${r.inputs.realmId}, not ${realmName}`);
  }
  const resources = declared.filter((r) => !inOtherRealms.includes(r));
  const byId = new Map(resources.map((r) => [r.id, r]));
  const fields = new Map<CapturedResource, Fields>();
  const fieldsOf = (r: CapturedResource): Fields => {
    let f = fields.get(r);
    if (!f) {
      f = new Fields(r.inputs, r.name);
      fields.set(r, f);
      f.get('realmId');
    }
    return f;
  };
  const ref = (id: unknown, type: string, from: CapturedResource): CapturedResource | undefined => {
    const target = byId.get(id as string);
    if (!target || target.type !== type) {
      shape.problems.push(`${from.name} refers to ${String(id)}, which is no ${type.split(':').pop()} of the program`);
      return undefined;
    }
    return target;
  };
  const of = (type: string) => resources.filter((r) => r.type === type);
  const clientIdOf = (c: CapturedResource) => c.inputs.clientId as string;
  const clientShape = (c: CapturedResource): ClientShape => (shape.clients[clientIdOf(c)] ??= emptyClient());
  /** A role as `{ client?, name }`. */
  const roleRef = (id: unknown, from: CapturedResource): { client?: string; name: string } | undefined => {
    const role = ref(id, T.role, from);
    if (!role) {
      return undefined;
    }
    if (role.inputs.clientId === undefined) {
      return { name: role.inputs.name };
    }
    const client = ref(role.inputs.clientId, T.client, role);
    return client ? { client: clientIdOf(client), name: role.inputs.name } : undefined;
  };
  const splitRoles = (ids: unknown[], from: CapturedResource) => {
    const realm: string[] = [];
    const client: Record<string, string[]> = {};
    for (const id of ids) {
      const r = roleRef(id, from);
      if (r?.client !== undefined) {
        (client[r.client] ??= []).push(r.name);
      } else if (r) {
        realm.push(r.name);
      }
    }
    return { realm: realm.sort(), client: sortedValues(client) };
  };

  // Realm settings (provider: resource_keycloak_realm.go).
  const rf = fieldsOf(realms[0]);
  const s = shape.settings;
  for (const key of ['realm', 'displayName', 'displayNameHtml', 'loginTheme', 'accountTheme', 'emailTheme', 'enabled', 'sslRequired', 'registrationAllowed', 'registrationEmailAsUsername',
    'rememberMe', 'verifyEmail', 'loginWithEmailAllowed', 'duplicateEmailsAllowed', 'resetPasswordAllowed',
    'editUsernameAllowed', 'passwordPolicy', 'revokeRefreshToken', 'refreshTokenMaxReuse', 'attributes'] as const) {
    s[key] = rf.get(key);
  }
  for (const key of ['accessTokenLifespan', 'ssoSessionIdleTimeout', 'ssoSessionMaxLifespan', 'offlineSessionIdleTimeout', 'offlineSessionMaxLifespan'] as const) {
    s[key] = seconds(rf.get(key));
  }
  s.offlineSessionMaxLifespanEnabled = rf.get('offlineSessionMaxLifespanEnabled');
  const defenses = new Fields(rf.get('securityDefenses') ?? {}, `${realms[0].name}.securityDefenses`);
  const bf = defenses.get('bruteForceDetection');
  s.bruteForceProtected = bf !== undefined;
  if (bf) {
    const b = new Fields(bf, `${realms[0].name}.securityDefenses.bruteForceDetection`);
    s.permanentLockout = b.get('permanentLockout');
    s.maxTemporaryLockouts = b.get('maxTemporaryLockouts');
    s.failureFactor = b.get('maxLoginFailures');
    s.waitIncrementSeconds = b.get('waitIncrementSeconds');
    s.maxFailureWaitSeconds = b.get('maxFailureWaitSeconds');
    s.maxDeltaTimeSeconds = b.get('failureResetTimeSeconds');
    b.leftovers(shape.problems);
  }
  defenses.leftovers(shape.problems);
  const otp = new Fields(rf.get('otpPolicy') ?? {}, `${realms[0].name}.otpPolicy`);
  s.otpPolicyType = otp.get('type');
  s.otpPolicyAlgorithm = otp.get('algorithm');
  s.otpPolicyDigits = otp.get('digits');
  s.otpPolicyPeriod = otp.get('period');
  s.otpPolicyLookAheadWindow = otp.get('lookAheadWindow');
  s.otpPolicyCodeReusable = otp.get('codeReusable');
  otp.leftovers(shape.problems);

  const events = of(T.events);
  if (events.length !== 1) {
    shape.problems.push(`${events.length} RealmEvents resources, expected one`);
  }
  for (const e of events) {
    const ef = fieldsOf(e);
    for (const key of ['eventsEnabled', 'eventsExpiration', 'adminEventsEnabled', 'adminEventsDetailsEnabled'] as const) {
      s[key] = ef.get(key);
    }
    s.eventsListeners = sorted(ef.get('eventsListeners'));
  }
  dropBruteForceDetailsWhenOff(s);

  // Clients first: roles, mappers and mappings hang off them.
  for (const c of of(T.client)) {
    const f = fieldsOf(c);
    f.get('clientId');
    f.get('import'); // a built-in client the program takes over; its settings are compared like any other
    const shapeOf = clientShape(c);
    const accessType = f.get('accessType');
    Object.assign(shapeOf, {
      name: f.get('name'),
      description: f.get('description'),
      enabled: f.get('enabled'),
      protocol: 'openid-connect',
      publicClient: accessType === 'PUBLIC',
      bearerOnly: accessType === 'BEARER-ONLY',
      standardFlowEnabled: f.get('standardFlowEnabled'),
      implicitFlowEnabled: f.get('implicitFlowEnabled'),
      directAccessGrantsEnabled: f.get('directAccessGrantsEnabled'),
      serviceAccountsEnabled: f.get('serviceAccountsEnabled'),
      consentRequired: f.get('consentRequired'),
      frontchannelLogout: f.get('frontchannelLogoutEnabled'),
      fullScopeAllowed: f.get('fullScopeAllowed'),
      redirectUris: sorted(f.get('validRedirectUris')),
      webOrigins: sorted(f.get('webOrigins')),
    });
    if (accessType === 'CONFIDENTIAL') {
      shapeOf.clientAuthenticatorType = f.get('clientAuthenticatorType');
      const { value, secret } = unwrapSecret(f.get('clientSecret'));
      const label = typeof value === 'string' ? options.secretLabel(value) : undefined;
      shapeOf.secret = secret && label !== undefined ? label : `literal or missing (${value === undefined ? 'none' : secret ? 'an unknown secret' : 'not a secret'})`;
    }
    // The provider's OpenidClientAttributes, plus extraConfig.
    const attributes: Record<string, string> = {};
    const pkce = f.get('pkceCodeChallengeMethod');
    if (pkce) {
      attributes['pkce.code.challenge.method'] = pkce;
    }
    const postLogout = sorted(f.get('validPostLogoutRedirectUris'));
    if (postLogout.length > 0) {
      attributes['post.logout.redirect.uris'] = postLogout.join('##');
    }
    const device = f.get('oauth2DeviceAuthorizationGrantEnabled');
    if (device !== undefined) {
      attributes['oauth2.device.authorization.grant.enabled'] = String(device);
    }
    Object.assign(attributes, f.get('extraConfig') ?? {});
    shapeOf.attributes = attributes;
  }

  for (const [type, key, field] of [[T.clientDefaultScopes, 'defaultScopes', 'defaultScopes'], [T.clientOptionalScopes, 'optionalScopes', 'optionalScopes']] as const) {
    for (const r of of(type)) {
      const f = fieldsOf(r);
      const client = ref(f.get('clientId'), T.client, r);
      if (client) {
        clientShape(client)[key] = sorted(f.get(field));
      }
    }
  }
  for (const p of of(T.clientProfile)) {
    const f = fieldsOf(p);
    shape.clientProfiles[f.get('name')] = {
      description: f.get('description'),
      executors: (f.get<any[]>('executors') ?? []).map((e) => ({ name: e.name, config: configText(e.configuration) })),
    };
  }
  for (const p of of(T.clientPolicy)) {
    const f = fieldsOf(p);
    shape.clientPolicies[f.get('name')] = {
      description: f.get('description'), enabled: f.get('enabled'), profiles: [...(f.get<string[]>('profiles') ?? [])],
      conditions: (f.get<any[]>('conditions') ?? []).map((c) => ({ name: c.name, config: configText(c.configuration) })),
    };
  }
  for (const k of of(T.signingKey)) {
    const f = fieldsOf(k);
    shape.signingKeys[f.get('name')] = {
      priority: str(f.get('priority')), enabled: str(f.get('enabled')), active: str(f.get('active')),
      algorithm: f.get('algorithm'), keySize: str(f.get('keySize')),
    };
  }

  for (const r of of(T.role)) {
    const f = fieldsOf(r);
    f.get('name');
    const composites = splitRoles(f.get<unknown[]>('compositeRoles') ?? [], r);
    const role: RoleShape = { description: f.get('description'), composites: composites.realm, clientComposites: composites.client };
    const clientId = f.get('clientId');
    if (clientId === undefined) {
      shape.realmRoles[r.inputs.name] = role;
    } else {
      const client = ref(clientId, T.client, r);
      if (client) {
        (shape.clientRoles[clientIdOf(client)] ??= {})[r.inputs.name] = role;
      }
    }
  }

  for (const g of of(T.group)) {
    const f = fieldsOf(g);
    f.get('name');
    shape.groups[g.inputs.name] ??= { realmRoles: [], clientRoles: {}, exact: false };
  }
  for (const gr of of(T.groupRoles)) {
    const f = fieldsOf(gr);
    const group = ref(f.get('groupId'), T.group, gr);
    if (group) {
      const roles = splitRoles(f.get<unknown[]>('roleIds') ?? [], gr);
      // The provider's default is exhaustive.
      shape.groups[group.inputs.name] = { realmRoles: roles.realm, clientRoles: roles.client, exact: f.get('exhaustive') ?? true };
    }
  }

  const clientBySaUser = new Map(of(T.client).filter((c) => c.state.serviceAccountUserId).map((c) => [c.state.serviceAccountUserId, c]));
  for (const ur of of(T.userRoles)) {
    const f = fieldsOf(ur);
    const client = clientBySaUser.get(f.get('userId'));
    if (!client) {
      shape.problems.push(`${ur.name} assigns roles to a user that is no client's service account`);
      continue;
    }
    const roles = splitRoles(f.get<unknown[]>('roleIds') ?? [], ur);
    clientShape(client).serviceAccountRoles = { realm: roles.realm, client: roles.client, exact: f.get('exhaustive') ?? true };
  }

  for (const m of of(T.roleMapper)) {
    const f = fieldsOf(m);
    const client = ref(f.get('clientId'), T.client, m);
    const role = roleRef(f.get('roleId'), m);
    if (!client || !role) {
      continue;
    }
    const target = clientShape(client);
    if (role.client === undefined) {
      target.scopeRealmRoles = sorted([...target.scopeRealmRoles, role.name]);
    } else {
      target.scopeClientRoles[role.client] = sorted([...(target.scopeClientRoles[role.client] ?? []), role.name]);
    }
  }

  // Protocol mappers (provider: convertToGenericProtocolMapper of each mapper type).
  for (const m of of(T.audienceMapper)) {
    const f = fieldsOf(m);
    const client = ref(f.get('clientId'), T.client, m);
    if (!client) {
      continue;
    }
    clientShape(client).mappers[f.get('name')] = {
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      consentRequired: false,
      config: withoutEmpty({
        'id.token.claim': boolText(f.get('addToIdToken')),
        'access.token.claim': boolText(f.get('addToAccessToken')),
        'introspection.token.claim': boolText(f.get('addToTokenIntrospection')),
        'included.client.audience': f.get('includedClientAudience'),
        'included.custom.audience': f.get('includedCustomAudience'),
      }),
    };
  }
  for (const m of of(T.attributeMapper)) {
    const f = fieldsOf(m);
    const client = ref(f.get('clientId'), T.client, m);
    if (!client) {
      continue;
    }
    clientShape(client).mappers[f.get('name')] = {
      protocol: 'openid-connect',
      protocolMapper: 'oidc-usermodel-attribute-mapper',
      consentRequired: false,
      config: withoutEmpty({
        'id.token.claim': boolText(f.get('addToIdToken')),
        'access.token.claim': boolText(f.get('addToAccessToken')),
        'userinfo.token.claim': boolText(f.get('addToUserinfo')),
        'introspection.token.claim': boolText(f.get('addToTokenIntrospection')),
        'user.attribute': f.get('userAttribute'),
        'claim.name': f.get('claimName'),
        'jsonType.label': f.get('claimValueType'),
        'multivalued': boolText(f.get('multivalued')),
        'aggregate.attrs': boolText(f.get('aggregateAttributes')),
      }),
    };
  }

  flowsOfResources(resources, shape, fieldsOf, ref);

  const bindings = of(T.bindings);
  if (bindings.length !== 1) {
    shape.problems.push(`${bindings.length} flow Bindings resources, expected one`);
  }
  for (const b of bindings) {
    const f = fieldsOf(b);
    for (const key of BINDINGS) {
      shape.bindings[key] = f.get(key);
    }
  }

  const profiles = of(T.userProfile);
  if (profiles.length > 1) {
    shape.problems.push(`${profiles.length} user profiles`);
  }
  for (const p of profiles) {
    shape.userProfile = userProfileOfResource(fieldsOf(p), p.name, shape.problems);
  }

  for (const [r, f] of fields) {
    f.leftovers(shape.problems);
    void r;
  }
  return shape;
}

function flowsOfResources(
  resources: readonly CapturedResource[],
  shape: RealmShape,
  fieldsOf: (r: CapturedResource) => Fields,
  ref: (id: unknown, type: string, from: CapturedResource) => CapturedResource | undefined,
): void {
  const steps = new Map<string, { priority: number; execution: ExecutionShape; resource: CapturedResource }[]>();
  const flows = new Map<string, Omit<FlowShape, 'executions'>>();
  const configs = new Map<string, Record<string, string>>();
  const addStep = (parent: string, priority: number, execution: ExecutionShape, resource: CapturedResource) => {
    const list = steps.get(parent) ?? [];
    list.push({ priority, execution, resource });
    steps.set(parent, list);
  };
  for (const r of resources) {
    if (r.type === T.flow) {
      const f = fieldsOf(r);
      const alias = f.get('alias');
      if (KEYCLOAK_CREATED_FLOWS.includes(alias)) {
        shape.problems.push(`${r.name} declares flow "${alias}", which Keycloak creates itself`);
      }
      flows.set(alias, { description: f.get('description'), providerId: f.get('providerId') ?? 'basic-flow', topLevel: true });
    } else if (r.type === T.subflow) {
      const f = fieldsOf(r);
      const alias = f.get('alias');
      flows.set(alias, { description: f.get('description'), providerId: f.get('providerId') ?? 'basic-flow', topLevel: false });
      addStep(f.get('parentFlowAlias'), f.get('priority'), {
        ...(f.has('authenticator') ? { authenticator: f.get('authenticator') } : {}),
        flow: alias,
        requirement: f.get('requirement') ?? 'DISABLED',
      }, r);
    } else if (r.type === T.execution) {
      const f = fieldsOf(r);
      addStep(f.get('parentFlowAlias'), f.get('priority'), { authenticator: f.get('authenticator'), requirement: f.get('requirement') ?? 'DISABLED' }, r);
    } else if (r.type === T.executionConfig) {
      const f = fieldsOf(r);
      f.get('alias');
      const execution = ref(f.get('executionId'), T.execution, r);
      if (execution) {
        if (configs.has(execution.id)) {
          shape.problems.push(`execution ${execution.name} has two configurations`);
        }
        configs.set(execution.id, { ...f.get('config') });
      }
    }
  }
  for (const [parent, list] of steps) {
    if (!flows.has(parent)) {
      shape.problems.push(`executions are declared in flow "${parent}", which the program does not declare`);
    }
    const priorities = list.map((s) => s.priority);
    if (priorities.some((p) => p === undefined) || new Set(priorities).size !== priorities.length) {
      shape.problems.push(`executions of flow "${parent}" have no distinct priorities, so their order is not defined`);
    }
  }
  for (const [alias, flow] of flows) {
    const list = [...(steps.get(alias) ?? [])].sort((a, b) => a.priority - b.priority);
    shape.flows[alias] = {
      ...flow,
      executions: list.map((s) => {
        const config = configs.get(s.resource.id);
        return config ? { ...s.execution, config } : s.execution;
      }),
    };
  }
}

function userProfileOfResource(f: Fields, name: string, problems: string[]): UserProfileShape {
  const shape: UserProfileShape = { attributes: {}, groups: {}, unmanagedAttributePolicy: f.get('unmanagedAttributePolicy') };
  for (const a of f.get<any[]>('attributes') ?? []) {
    const af = new Fields(a, `${name}.attributes[${a.name}]`);
    af.get('name');
    const permissions = af.get('permissions');
    const requiredRoles = af.get('requiredForRoles');
    const requiredScopes = af.get('requiredForScopes');
    const required = requiredRoles?.length || requiredScopes?.length
      ? definedOnly({ roles: requiredRoles?.length ? sorted(requiredRoles) : undefined, scopes: requiredScopes?.length ? sorted(requiredScopes) : undefined })
      : undefined;
    shape.attributes[a.name] = definedOnly({
      displayName: af.get('displayName'),
      group: af.get('group'),
      multivalued: af.get('multiValued') ?? false,
      permissions: permissions ? { view: sorted(permissions.views), edit: sorted(permissions.edits) } : undefined,
      required,
      validations: Object.fromEntries((af.get<any[]>('validators') ?? []).map((v) => [v.name, { ...(v.config ?? {}) }])),
      annotations: af.get('annotations'),
      selectorScopes: af.get<string[]>('enabledWhenScopes')?.length ? sorted(af.get('enabledWhenScopes')) : undefined,
    });
    af.get('defaultValue');
    af.leftovers(problems);
  }
  for (const g of f.get<any[]>('groups') ?? []) {
    const gf = new Fields(g, `${name}.groups[${g.name}]`);
    gf.get('name');
    shape.groups[g.name] = definedOnly({
      displayHeader: gf.get('displayHeader'),
      displayDescription: gf.get('displayDescription'),
      annotations: gf.get('annotations'),
    });
    gf.leftovers(problems);
  }
  return shape;
}
