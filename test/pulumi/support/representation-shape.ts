// Reads a RealmRepresentation (the realm import) into the comparable realm shape.
import {
  BINDINGS, ClientShape, configText, definedOnly, KEYCLOAK_STANDARD_KEYS, dropBruteForceDetailsWhenOff, emptyClient, emptyShape, ExecutionShape, Fields,
  KEYCLOAK_CREATED_FLOWS, RealmShape, SETTINGS, sorted, sortedValues, str, UserProfileShape, withoutEmpty,
} from './realm-shape';

export function shapeOfRepresentation(rep: Record<string, any>): RealmShape {
  const shape = emptyShape();
  const f = new Fields(rep, 'realm');
  for (const key of SETTINGS) {
    const value = f.get(key);
    shape.settings[key] = key === 'eventsListeners' ? sorted(value) : value;
  }
  dropBruteForceDetailsWhenOff(shape.settings);

  const roles = new Fields(f.get('roles') ?? {}, 'realm.roles');
  for (const r of roles.get<any[]>('realm') ?? []) {
    const rf = new Fields(r, `realm.roles.realm[${r.name}]`);
    rf.get('name');
    rf.get('composite');
    rf.get('clientRole');
    const composites = new Fields(rf.get('composites') ?? {}, `realm.roles.realm[${r.name}].composites`);
    shape.realmRoles[r.name] = {
      description: rf.get('description'),
      composites: sorted(composites.get('realm')),
      clientComposites: sortedValues(composites.get('client') ?? {}),
    };
    composites.leftovers(shape.problems);
    rf.leftovers(shape.problems);
  }
  for (const [clientId, list] of Object.entries<any[]>(roles.get('client') ?? {})) {
    shape.clientRoles[clientId] = {};
    for (const r of list) {
      const rf = new Fields(r, `realm.roles.client.${clientId}[${r.name}]`);
      rf.get('name');
      rf.get('composite');
      rf.get('clientRole');
      const composites = new Fields(rf.get('composites') ?? {}, `realm.roles.client.${clientId}[${r.name}].composites`);
      shape.clientRoles[clientId][r.name] = {
        description: rf.get('description'),
        composites: sorted(composites.get('realm')),
        clientComposites: sortedValues(composites.get('client') ?? {}),
      };
      composites.leftovers(shape.problems);
      rf.leftovers(shape.problems);
    }
  }
  roles.leftovers(shape.problems);

  for (const g of f.get<any[]>('groups') ?? []) {
    const gf = new Fields(g, `realm.groups[${g.name}]`);
    gf.get('name');
    if (gf.get('path') !== `/${g.name}`) {
      shape.problems.push(`group ${g.name} is not a top-level group`);
    }
    if ((gf.get('subGroups') ?? []).length > 0) {
      shape.problems.push(`group ${g.name} has sub-groups`);
    }
    shape.groups[g.name] = { realmRoles: sorted(gf.get('realmRoles')), clientRoles: sortedValues(gf.get('clientRoles') ?? {}), exact: true };
    gf.leftovers(shape.problems);
  }

  for (const c of f.get<any[]>('clients') ?? []) {
    shape.clients[c.clientId] = clientOfRepresentation(c, shape.problems);
  }
  for (const u of f.get<any[]>('users') ?? []) {
    const uf = new Fields(u, `realm.users[${u.username}]`);
    const clientId = uf.get('serviceAccountClientId');
    const client = shape.clients[clientId];
    if (!client || uf.get('username') !== `service-account-${clientId}` || !client.serviceAccountsEnabled) {
      shape.problems.push(`user ${u.username} is not the service account of a client with service accounts on`);
      continue;
    }
    if (uf.get('enabled') !== true) {
      shape.problems.push(`service account ${u.username} is disabled`);
    }
    // An imported user holds exactly the roles listed (the import grants no default roles).
    client.serviceAccountRoles = { realm: sorted(uf.get('realmRoles')), client: sortedValues(uf.get('clientRoles') ?? {}), exact: true };
    uf.leftovers(shape.problems);
  }
  for (const m of f.get<any[]>('scopeMappings') ?? []) {
    const target = shape.clients[m.client];
    if (!target) {
      shape.problems.push(`scope mapping for unknown client ${m.client}`);
      continue;
    }
    target.scopeRealmRoles = sorted([...target.scopeRealmRoles, ...m.roles]);
  }
  for (const [roleClient, mappings] of Object.entries<any[]>(f.get('clientScopeMappings') ?? {})) {
    for (const m of mappings) {
      const target = shape.clients[m.client];
      if (!target) {
        shape.problems.push(`client scope mapping for unknown client ${m.client}`);
        continue;
      }
      target.scopeClientRoles[roleClient] = sorted([...(target.scopeClientRoles[roleClient] ?? []), ...m.roles]);
    }
  }

  flowsOfRepresentation(f.get('authenticationFlows') ?? [], f.get('authenticatorConfig') ?? [], shape);
  for (const b of BINDINGS) {
    shape.bindings[b] = f.get(b);
  }

  const components = new Fields(f.get('components') ?? {}, 'realm.components');
  const profiles = components.get<any[]>('org.keycloak.userprofile.UserProfileProvider') ?? [];
  if (profiles.length === 1) {
    const pf = new Fields(profiles[0], 'realm.components.userProfile');
    pf.get('providerId');
    pf.get('subComponents');
    const config = new Fields(pf.get('config') ?? {}, 'realm.components.userProfile.config');
    shape.userProfile = userProfileOfRepresentation(JSON.parse(config.get<string[]>('kc.user.profile.config')[0]), shape.problems);
    config.leftovers(shape.problems);
    pf.leftovers(shape.problems);
  }
  for (const k of components.get<any[]>('org.keycloak.keys.KeyProvider') ?? []) {
    const kf = new Fields(k, `realm.components.keys[${k.name}]`);
    kf.get('name');
    kf.get('subComponents');
    const providerId = kf.get('providerId');
    const config = Object.fromEntries(Object.entries<string[]>(kf.get('config') ?? {}).map(([key, v]) => [key, v[0]]));
    if (providerId === 'rsa-generated') {
      shape.signingKeys[k.name] = config;
    } else if (KEYCLOAK_STANDARD_KEYS[k.name] !== providerId) {
      shape.problems.push(`key provider ${k.name} (${providerId}) is neither a signing key nor one Keycloak creates itself`);
    }
    kf.leftovers(shape.problems);
  }
  components.leftovers(shape.problems);
  for (const p of f.get('clientProfiles')?.profiles ?? []) {
    shape.clientProfiles[p.name] = { description: p.description, executors: p.executors.map((e: any) => ({ name: e.executor, config: configText(e.configuration) })) };
  }
  for (const p of f.get('clientPolicies')?.policies ?? []) {
    shape.clientPolicies[p.name] = {
      description: p.description, enabled: p.enabled, profiles: [...p.profiles],
      conditions: p.conditions.map((c: any) => ({ name: c.condition, config: configText(c.configuration) })),
    };
  }
  f.leftovers(shape.problems);
  return shape;
}

function clientOfRepresentation(c: Record<string, any>, problems: string[]): ClientShape {
  const f = new Fields(c, `realm.clients[${c.clientId}]`);
  f.get('clientId');
  const shape: ClientShape = {
    ...emptyClient(),
    name: f.get('name'),
    description: f.get('description'),
    enabled: f.get('enabled'),
    protocol: f.get('protocol'),
    publicClient: f.get('publicClient'),
    bearerOnly: f.get('bearerOnly'),
    standardFlowEnabled: f.get('standardFlowEnabled'),
    implicitFlowEnabled: f.get('implicitFlowEnabled'),
    directAccessGrantsEnabled: f.get('directAccessGrantsEnabled'),
    serviceAccountsEnabled: f.get('serviceAccountsEnabled'),
    consentRequired: f.get('consentRequired'),
    frontchannelLogout: f.get('frontchannelLogout'),
    fullScopeAllowed: f.get('fullScopeAllowed'),
    redirectUris: sorted(f.get('redirectUris')),
    webOrigins: sorted(f.get('webOrigins')),
    ...(f.has('defaultClientScopes') ? { defaultScopes: sorted(f.get('defaultClientScopes')) } : {}),
    ...(f.has('optionalClientScopes') ? { optionalScopes: sorted(f.get('optionalClientScopes')) } : {}),
  };
  if (!shape.publicClient) {
    shape.clientAuthenticatorType = f.get('clientAuthenticatorType');
    const secret = f.get<string | undefined>('secret');
    const placeholder = /^\$\{([A-Za-z0-9_]+)\}$/.exec(secret ?? '');
    shape.secret = placeholder ? `placeholder ${placeholder[1]}` : `literal or missing (${secret === undefined ? 'none' : 'a literal'})`;
  }
  const attributes = { ...(f.get<Record<string, string>>('attributes') ?? {}) };
  if (attributes['post.logout.redirect.uris'] !== undefined) {
    attributes['post.logout.redirect.uris'] = attributes['post.logout.redirect.uris'].split('##').sort().join('##');
  }
  shape.attributes = attributes;
  for (const m of f.get<any[]>('protocolMappers') ?? []) {
    const mf = new Fields(m, `realm.clients[${c.clientId}].protocolMappers[${m.name}]`);
    mf.get('name');
    shape.mappers[m.name] = {
      protocol: mf.get('protocol'),
      protocolMapper: mf.get('protocolMapper'),
      consentRequired: mf.get('consentRequired') ?? false,
      config: withoutEmpty(mf.get('config') ?? {}),
    };
    mf.leftovers(problems);
  }
  f.leftovers(problems);
  return shape;
}

function flowsOfRepresentation(flows: any[], configs: any[], shape: RealmShape): void {
  const byAlias = new Map(flows.map((fl) => [fl.alias, fl]));
  const configByAlias = new Map(configs.map((c) => [c.alias, c]));
  const take = (alias: string): void => {
    const flow = byAlias.get(alias);
    if (!flow) {
      shape.problems.push(`flow "${alias}" is referenced but not defined`);
      return;
    }
    const f = new Fields(flow, `realm.authenticationFlows[${alias}]`);
    f.get('alias');
    f.get('builtIn');
    const executions = [...(f.get<any[]>('authenticationExecutions') ?? [])].sort((a, b) => a.priority - b.priority);
    shape.flows[alias] = {
      description: f.get('description'),
      providerId: f.get('providerId'),
      topLevel: f.get('topLevel'),
      executions: executions.map((e) => {
        const ef = new Fields(e, `realm.authenticationFlows[${alias}].executions[${e.priority}]`);
        ef.get('priority');
        ef.get('userSetupAllowed');
        const isFlow = ef.get('authenticatorFlow');
        const configAlias = ef.get('authenticatorConfig');
        const config = configAlias === undefined ? undefined : configByAlias.get(configAlias)?.config;
        if (configAlias !== undefined && config === undefined) {
          shape.problems.push(`execution in flow "${alias}" names config "${configAlias}", which is not defined`);
        }
        const execution: ExecutionShape = {
          ...(ef.has('authenticator') ? { authenticator: ef.get('authenticator') } : {}),
          ...(isFlow ? { flow: ef.get('flowAlias') } : {}),
          requirement: ef.get('requirement'),
          ...(config !== undefined ? { config: { ...config } } : {}),
        };
        ef.leftovers(shape.problems);
        return execution;
      }),
    };
    f.leftovers(shape.problems);
    for (const e of shape.flows[alias].executions) {
      if (e.flow !== undefined) {
        take(e.flow);
      }
    }
  };
  for (const flow of flows) {
    if (flow.topLevel && !KEYCLOAK_CREATED_FLOWS.includes(flow.alias)) {
      take(flow.alias);
    }
  }
}

function userProfileOfRepresentation(profile: Record<string, any>, problems: string[]): UserProfileShape {
  const f = new Fields(profile, 'realm.userProfile');
  const shape: UserProfileShape = { attributes: {}, groups: {}, unmanagedAttributePolicy: f.get('unmanagedAttributePolicy') };
  for (const a of f.get<any[]>('attributes') ?? []) {
    const af = new Fields(a, `realm.userProfile.attributes[${a.name}]`);
    af.get('name');
    const permissions = af.get('permissions');
    const required = af.get('required');
    shape.attributes[a.name] = definedOnly({
      displayName: af.get('displayName'),
      group: af.get('group'),
      multivalued: af.get('multivalued') ?? false,
      permissions: permissions ? { view: sorted(permissions.view), edit: sorted(permissions.edit) } : undefined,
      required: required ? definedOnly({ roles: required.roles ? sorted(required.roles) : undefined, scopes: required.scopes ? sorted(required.scopes) : undefined }) : undefined,
      validations: Object.fromEntries(Object.entries<Record<string, unknown>>(af.get('validations') ?? {})
        .map(([name, config]) => [name, Object.fromEntries(Object.entries(config).map(([k, v]) => [k, str(v)]))])),
      annotations: af.has('annotations') ? Object.fromEntries(Object.entries<unknown>(af.get('annotations')).map(([k, v]) => [k, str(v)])) : undefined,
      selectorScopes: af.has('selector') ? sorted(af.get('selector').scopes) : undefined,
    });
    af.leftovers(problems);
  }
  for (const g of f.get<any[]>('groups') ?? []) {
    const gf = new Fields(g, `realm.userProfile.groups[${g.name}]`);
    gf.get('name');
    shape.groups[g.name] = definedOnly({
      displayHeader: gf.get('displayHeader'),
      displayDescription: gf.get('displayDescription'),
      annotations: gf.has('annotations') ? Object.fromEntries(Object.entries<unknown>(gf.get('annotations')).map(([k, v]) => [k, str(v)])) : undefined,
    });
    gf.leftovers(problems);
  }
  f.leftovers(problems);
  return shape;
}
