// The realm program in Pulumi's mock runtime: which resources it declares, with which inputs and options.
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { BlueprintError } from '../../lib/model/errors';
import { goDuration, KEYCLOAK_DEFAULT_FLOWS, ZeroTrustRealm } from '../../lib/pulumi';
import { mutatedTenant, REFERENCE_BLUEPRINT, tenantBlueprint } from './fixtures';
import { CapturedResource, installMocks } from './support/pulumi-mocks';
import { ofType, runProgram, testSecretValue } from './support/run-program';
import { KEYCLOAK_TYPES } from './support/resources-shape';

const T = KEYCLOAK_TYPES;

/** Logical names of the resources an ID list refers to. */
function namesOf(resources: readonly CapturedResource[], ids: string[]): string[] {
  const byId = new Map(resources.map((r) => [r.id, r.name]));
  return ids.map((id) => byId.get(id) ?? `unknown ${id}`).sort();
}

function one(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
  const found = ofType(resources, type).get(name);
  if (!found) {
    throw new Error(`no ${type} named ${name}; have: ${[...ofType(resources, type).keys()].join(', ')}`);
  }
  return found;
}

/** Records the options every resource was declared with. */
function optionsRecorder(): { transformation: pulumi.ResourceTransformation; options: Map<string, pulumi.ResourceOptions> } {
  const options = new Map<string, pulumi.ResourceOptions>();
  return {
    options,
    transformation: (args) => {
      options.set(`${args.type}::${args.name}`, args.opts);
      return undefined;
    },
  };
}

describe('the realm program', () => {
  it('declares the realm settings the tenant blueprint asks for, with lifetimes as Go durations', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const realm = one(resources, T.realm, 'tenant/realm/tenant').inputs;
    expect(realm).toMatchObject({
      realm: 'tenant',
      enabled: true,
      sslRequired: 'all',
      registrationAllowed: false,
      accessTokenLifespan: '2m',
      ssoSessionIdleTimeout: '15m',
      ssoSessionMaxLifespan: '1h30m',
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      passwordPolicy: 'length(12) and notUsername and notEmail',
      securityDefenses: {
        bruteForceDetection: {
          maxLoginFailures: 3, waitIncrementSeconds: 600, maxFailureWaitSeconds: 600, permanentLockout: true,
          failureResetTimeSeconds: 43200, maxTemporaryLockouts: 0,
        },
      },
      otpPolicy: { type: 'totp', algorithm: 'HmacSHA256', digits: 8, period: 30, lookAheadWindow: 1, codeReusable: false },
      attributes: { adminEventsExpiration: '86400' },
    });
    expect(one(resources, T.events, 'tenant/events').inputs).toEqual({
      realmId: 'tenant', eventsEnabled: true, eventsExpiration: 86400, eventsListeners: ['jboss-logging'],
      adminEventsEnabled: true, adminEventsDetailsEnabled: true,
    });
  });

  it('turns brute-force detection off by leaving out its block', async () => {
    const { resources } = await runProgram(mutatedTenant((b) => {
      b.keycloak.security.bruteForce = { enabled: false };
    }));
    expect(one(resources, T.realm, 'tenant/realm/tenant').inputs.securityDefenses).toBeUndefined();
  });

  it('declares realm roles as composites of the roles they include, and client roles on their client', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const roles = ofType(resources, T.role);
    const composites = (name: string) => namesOf(resources, roles.get(name)!.inputs.compositeRoles ?? []);
    expect(composites('tenant/role/admin')).toEqual(['tenant/role/auditor', 'tenant/role/operator']);
    expect(composites('tenant/role/operator')).toEqual(['tenant/role/viewer']);
    expect(composites('tenant/role/viewer')).toEqual([]);
    expect(roles.get('tenant/role/auditor')!.inputs).toEqual({ realmId: 'tenant', name: 'auditor', description: 'Reads audit trails' });
    const refund = roles.get('tenant/client-role/orders/refund-approver')!.inputs;
    expect(refund).toEqual({ realmId: 'tenant', name: 'refund-approver', description: 'Approves refunds', clientId: 'tenant/client/orders#id' });
  });

  it('declares a public PKCE client, a confidential web client and service-account clients', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const spa = one(resources, T.client, 'tenant/client/spa').inputs;
    expect(spa).toMatchObject({
      clientId: 'spa', accessType: 'PUBLIC', standardFlowEnabled: true, pkceCodeChallengeMethod: 'S256',
      implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false, fullScopeAllowed: false,
      validRedirectUris: ['https://app.tenant.example/cb'], webOrigins: ['https://app.tenant.example'],
      oauth2DeviceAuthorizationGrantEnabled: false, extraConfig: { 'oidc.ciba.grant.enabled': 'false' },
    });
    expect(spa.clientSecret).toBeUndefined();
    expect(spa.clientAuthenticatorType).toBeUndefined();

    const portal = one(resources, T.client, 'tenant/client/portal').inputs;
    expect(portal).toMatchObject({
      accessType: 'CONFIDENTIAL', clientAuthenticatorType: 'client-secret', standardFlowEnabled: true,
      serviceAccountsEnabled: false, webOrigins: ['https://portal.tenant.example'],
      validPostLogoutRedirectUris: ['https://portal.tenant.example/', 'https://portal.tenant.example/bye'],
    });

    const orders = one(resources, T.client, 'tenant/client/orders').inputs;
    expect(orders).toMatchObject({
      accessType: 'CONFIDENTIAL', standardFlowEnabled: false, serviceAccountsEnabled: true, pkceCodeChallengeMethod: '',
      validRedirectUris: [], description: 'Workload identity of service orders',
    });
  });

  it('takes client secrets from Pulumi config secrets named like the import placeholders', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const secret = one(resources, T.client, 'tenant/client/portal').inputs.clientSecret;
    // Serialized as a secret: Pulumi encrypts it in state and masks it in output.
    expect(secret).toEqual({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', 'value': testSecretValue('CLIENT_SECRET_PORTAL') });
  });

  it('takes a client secret given in clientSecrets, still as a secret', async () => {
    const { resources } = await runProgram(tenantBlueprint(), { args: { clientSecrets: { billing: 'from-elsewhere' } } });
    expect(one(resources, T.client, 'tenant/client/billing').inputs.clientSecret.value).toBe('from-elsewhere');
    expect(one(resources, T.client, 'tenant/client/billing').inputs.clientSecret['4dabf18193072939515e22adb298388d']).toBeDefined();
  });

  it('refuses to run without a confidential client\'s secret, naming the config key', async () => {
    await expect(runProgram(tenantBlueprint(), { config: {} })).rejects.toThrow(
      /confidential client "billing" needs its secret: run `pulumi config set --secret CLIENT_SECRET_BILLING <secret>` with the value of key "client-secret" of Kubernetes Secret "keycloak-client-billing"/,
    );
  });

  it('gives each service account exactly its declared realm roles, by role ID', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const assignments = ofType(resources, T.userRoles);
    expect([...assignments.keys()].sort()).toEqual(['tenant/service-account-roles/billing', 'tenant/service-account-roles/orders']);
    const billing = assignments.get('tenant/service-account-roles/billing')!.inputs;
    expect(billing.userId).toBe('tenant/client/billing#service-account-user');
    expect(billing.exhaustive).toBe(true);
    expect(namesOf(resources, billing.roleIds)).toEqual(['tenant/role/auditor', 'tenant/role/viewer']);
  });

  it('declares audience mappers per audience and claim mappers only on clients that log users in', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const audience = one(resources, T.audienceMapper, 'tenant/audience-mapper/spa/billing').inputs;
    expect(audience).toEqual({
      realmId: 'tenant', clientId: 'tenant/client/spa#id', name: 'audience billing', includedClientAudience: 'billing',
      addToAccessToken: true, addToIdToken: false, addToTokenIntrospection: true,
    });
    expect([...ofType(resources, T.audienceMapper).keys()].sort()).toEqual([
      'tenant/audience-mapper/billing/orders', 'tenant/audience-mapper/orders/billing', 'tenant/audience-mapper/portal/orders',
      'tenant/audience-mapper/spa/billing', 'tenant/audience-mapper/spa/orders',
    ]);
    expect([...ofType(resources, T.attributeMapper).keys()].sort()).toEqual([
      'tenant/claim-mapper/portal/department', 'tenant/claim-mapper/portal/tenant',
      'tenant/claim-mapper/spa/department', 'tenant/claim-mapper/spa/tenant',
    ]);
    expect(one(resources, T.attributeMapper, 'tenant/claim-mapper/spa/tenant').inputs).toMatchObject({
      name: 'claim tenant', userAttribute: 'tenant_id', claimName: 'tenant', claimValueType: 'String',
      addToAccessToken: true, addToIdToken: true, addToUserinfo: true,
    });
  });

  it('maps into each client\'s scope exactly the roles that may reach its tokens', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const scope = (client: string) => [...ofType(resources, T.roleMapper).values()]
      .filter((m) => m.inputs.clientId === `tenant/client/${client}#id`)
      .map((m) => namesOf(resources, [m.inputs.roleId])[0])
      .sort();
    // The portal names its realm roles (operator and what it includes), plus the client roles of its audience.
    expect(scope('portal')).toEqual([
      'tenant/client-role/orders/order-reader', 'tenant/client-role/orders/refund-approver', 'tenant/role/operator', 'tenant/role/viewer',
    ]);
    // A service client gets the roles of its service account.
    expect(scope('orders')).toEqual(['tenant/role/operator', 'tenant/role/viewer']);
  });

  it('declares groups with exhaustive role mappings', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const finance = one(resources, T.groupRoles, 'tenant/group-roles/finance').inputs;
    expect(finance.groupId).toBe('tenant/group/finance#id');
    expect(finance.exhaustive).toBe(true);
    expect(namesOf(resources, finance.roleIds)).toEqual([
      'tenant/client-role/orders/order-reader', 'tenant/client-role/orders/refund-approver', 'tenant/role/auditor',
    ]);
  });

  it('declares the user profile with the blueprint attributes editable by admins only', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const profile = one(resources, T.userProfile, 'tenant/user-profile').inputs;
    const tenant = profile.attributes.find((a: any) => a.name === 'tenant_id');
    expect(tenant).toMatchObject({ displayName: 'Tenant', permissions: { views: ['admin', 'user'], edits: ['admin'] } });
    // The profile replaces the realm's whole profile, so the built-in attributes are in it.
    expect(profile.attributes.map((a: any) => a.name)).toEqual(['username', 'email', 'firstName', 'lastName', 'department', 'tenant_id']);
    expect(profile.attributes[0].validators).toContainEqual({ name: 'length', config: { min: '3', max: '255' } });
  });

  it('declares the MFA flows with OTP sub-flows per role, and binds them', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const flows = [...ofType(resources, T.flow).values()].map((f) => f.inputs.alias).sort();
    expect(flows).toEqual(['browser with role-based OTP', 'direct grant with role-based OTP']);
    // Keycloak's own flows exist in every realm it creates; declaring one would conflict.
    expect(flows.filter((a) => KEYCLOAK_DEFAULT_FLOWS.includes(a))).toEqual([]);

    const steps = (parent: string) => [...resources]
      .filter((r) => (r.type === T.execution || r.type === T.subflow) && r.inputs.parentFlowAlias === parent)
      .sort((a, b) => a.inputs.priority - b.inputs.priority)
      .map((r) => `${r.inputs.priority} ${r.inputs.authenticator ?? r.inputs.alias} ${r.inputs.requirement}`);
    expect(steps('browser with role-based OTP')).toEqual([
      '10 auth-cookie ALTERNATIVE', '20 identity-provider-redirector ALTERNATIVE', '30 browser forms ALTERNATIVE',
    ]);
    expect(steps('browser forms')).toEqual([
      '10 auth-username-password-form REQUIRED', '20 Browser - OTP for role auditor CONDITIONAL', '30 Browser - OTP for role operator CONDITIONAL',
    ]);
    expect(steps('Direct Grant - OTP for role operator')).toEqual(['10 conditional-user-role REQUIRED', '20 direct-grant-validate-otp REQUIRED']);

    const configs = [...ofType(resources, T.executionConfig).values()];
    expect(configs.map((c) => c.inputs.alias).sort()).toEqual([
      'holds role auditor (Browser - OTP for role auditor)', 'holds role auditor (Direct Grant - OTP for role auditor)',
      'holds role operator (Browser - OTP for role operator)', 'holds role operator (Direct Grant - OTP for role operator)',
    ]);
    const browserOperator = configs.find((c) => c.inputs.alias === 'holds role operator (Browser - OTP for role operator)')!;
    expect(browserOperator.inputs.config).toEqual({ condUserRole: 'operator', negate: 'false' });
    expect(browserOperator.inputs.executionId).toBe('tenant/execution/Browser - OTP for role operator/conditional-user-role#id');

    expect(one(resources, T.bindings, 'tenant/flow-bindings').inputs).toEqual({
      realmId: 'tenant',
      browserFlow: 'browser with role-based OTP',
      directGrantFlow: 'direct grant with role-based OTP',
      registrationFlow: 'registration',
      resetCredentialsFlow: 'reset credentials',
      clientAuthenticationFlow: 'clients',
      firstBrokerLoginFlow: 'first broker login',
      dockerAuthenticationFlow: 'docker auth',
    });
  });

  it('declares no OTP sub-flows when no role needs OTP', async () => {
    const { resources } = await runProgram(mutatedTenant((b) => {
      b.keycloak.mfa.otpRequiredForRoles = [];
    }));
    expect([...ofType(resources, T.subflow).values()].map((s) => s.inputs.alias)).toEqual(['browser forms']);
    expect(ofType(resources, T.executionConfig).size).toBe(0);
  });

  it('protects the realm resource unless told otherwise', async () => {
    const recorder = optionsRecorder();
    await runProgram(tenantBlueprint(), { resourceOptions: { transformations: [recorder.transformation] } });
    expect(recorder.options.get(`${T.realm}::tenant/realm/tenant`)!.protect).toBe(true);

    const unprotected = optionsRecorder();
    await runProgram(tenantBlueprint(), { args: { protectRealm: false }, resourceOptions: { transformations: [unprotected.transformation] } });
    expect(unprotected.options.get(`${T.realm}::tenant/realm/tenant`)!.protect).toBe(false);
  });

  it('reads the reference blueprint from its file like from its props', async () => {
    const fromProps = await runProgram(ZeroTrustBlueprint.loadProps(REFERENCE_BLUEPRINT));
    const fromFile = await runProgram(ZeroTrustBlueprint.loadProps(REFERENCE_BLUEPRINT), {
      args: { blueprint: undefined, blueprintFile: REFERENCE_BLUEPRINT },
    });
    const keys = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
    expect(keys(fromFile.resources)).toEqual(keys(fromProps.resources));
    expect(fromProps.resources.length).toBeGreaterThan(50);
  });

  it('refuses a blueprint without Keycloak, and ambiguous input', async () => {
    await installMocks();
    const noKeycloak = mutatedTenant((b) => {
      delete b.keycloak;
    });
    expect(() => new ZeroTrustRealm('x', { blueprint: noKeycloak })).toThrow(BlueprintError);
    expect(() => new ZeroTrustRealm('x', { blueprint: noKeycloak })).toThrow(/keycloak: the blueprint declares no Keycloak realm/);
    expect(() => new ZeroTrustRealm('y', { blueprint: tenantBlueprint(), blueprintFile: REFERENCE_BLUEPRINT }))
      .toThrow(/exactly one of `blueprint` and `blueprintFile`/);
    expect(() => new ZeroTrustRealm('z', {})).toThrow(/exactly one of `blueprint` and `blueprintFile`/);
  });
});

describe('logical names', () => {
  const keys = (rs: readonly CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`);

  it('are unique, start with the component name and name no list position', async () => {
    const { resources } = await runProgram(tenantBlueprint());
    const all = keys(resources);
    expect(new Set(all).size).toBe(all.length);
    expect(resources.every((r) => r.name.startsWith('tenant/'))).toBe(true);
    expect(resources.filter((r) => /\[\d+\]|\/\d+(\/|$)/.test(r.name))).toEqual([]);
  });

  it('do not change when the blueprint lists things in another order', async () => {
    const before = keys((await runProgram(tenantBlueprint())).resources).sort();
    const reordered = mutatedTenant((b) => {
      b.roles.reverse();
      b.services.reverse();
      b.keycloak.clients.reverse();
      b.keycloak.groups.reverse();
      b.keycloak.claims.reverse();
      b.keycloak.mfa.otpRequiredForRoles.reverse();
    });
    expect(keys((await runProgram(reordered)).resources).sort()).toEqual(before);
  });

  it('keep renamed roles, clients and groups through aliases to their previous names', async () => {
    const before = new Set(keys((await runProgram(tenantBlueprint())).resources));
    const renamed = mutatedTenant((b) => {
      const swap = (list: string[] | undefined) => list?.forEach((r, i) => {
        if (r === 'operator') {
          list[i] = 'ops';
        }
      });
      b.roles.find((r: any) => r.name === 'operator').name = 'ops';
      swap(b.roles.find((r: any) => r.name === 'admin').includes);
      b.services.forEach((s: any) => swap(s.roles));
      swap(b.keycloak.mfa.otpRequiredForRoles);
      b.keycloak.clients.forEach((c: any) => swap(c.scopeRealmRoles));
      b.keycloak.clients.find((c: any) => c.clientId === 'portal').clientId = 'customer-portal';
      b.keycloak.groups.find((g: any) => g.name === 'support').name = 'helpdesk';
      b.keycloak.clients.find((c: any) => c.clientId === 'orders').roles[0].name = 'refunder';
      b.keycloak.groups.forEach((g: any) => g.clientRoles?.forEach((ref: any) => {
        ref.roles = ref.roles.map((r: string) => (r === 'refund-approver' ? 'refunder' : r));
      }));
    });
    const recorder = optionsRecorder();
    const { resources } = await runProgram(renamed, {
      args: {
        renames: {
          roles: { ops: 'operator' },
          clients: { 'customer-portal': 'portal' },
          clientRoles: { 'orders/refunder': 'refund-approver' },
          groups: { helpdesk: 'support' },
        },
      },
      resourceOptions: { transformations: [recorder.transformation] },
    });
    const aliasOf = (r: CapturedResource) => {
      const aliases = recorder.options.get(`${r.type}::${r.name}`)?.aliases as { name: string }[] | undefined;
      return aliases?.map((a) => `${r.type}::${a.name}`) ?? [];
    };
    // Every resource of the renamed realm is one that existed before, under its own name or an alias.
    const orphans = resources.filter((r) => !before.has(`${r.type}::${r.name}`) && !aliasOf(r).some((a) => before.has(a)));
    expect(orphans.map((r) => r.name)).toEqual([]);
    // And the renamed ones did change their names.
    expect(aliasOf(one(resources, T.role, 'tenant/role/ops'))).toEqual([`${T.role}::tenant/role/operator`]);
    expect(aliasOf(one(resources, T.client, 'tenant/client/customer-portal'))).toEqual([`${T.client}::tenant/client/portal`]);
    expect(aliasOf(one(resources, T.role, 'tenant/client-role/orders/refunder'))).toEqual([`${T.role}::tenant/client-role/orders/refund-approver`]);
    expect(aliasOf(one(resources, T.subflow, 'tenant/subflow/Browser - OTP for role ops')))
      .toEqual([`${T.subflow}::tenant/subflow/Browser - OTP for role operator`]);
    expect(aliasOf(one(resources, T.group, 'tenant/group/helpdesk'))).toEqual([`${T.group}::tenant/group/support`]);
    // Resources untouched by the renames carry no alias.
    expect(aliasOf(one(resources, T.role, 'tenant/role/viewer'))).toEqual([]);
    // The role keeps its Keycloak ID, so composites and mappings follow it; only its name input changes.
    expect(one(resources, T.role, 'tenant/role/ops').inputs.name).toBe('ops');
  });

  it('without renames, a renamed role gets new logical names (Pulumi would replace it)', async () => {
    const before = new Set(keys((await runProgram(tenantBlueprint())).resources));
    const renamed = mutatedTenant((b) => {
      b.roles.find((r: any) => r.name === 'auditor').name = 'inspector';
      b.roles.find((r: any) => r.name === 'admin').includes = ['operator', 'inspector'];
      b.services.find((s: any) => s.name === 'billing').roles = ['viewer', 'inspector'];
      b.keycloak.mfa.otpRequiredForRoles = ['operator', 'inspector'];
      b.keycloak.groups.find((g: any) => g.name === 'finance').realmRoles = ['inspector'];
    });
    const { resources } = await runProgram(renamed);
    expect(before.has(`${T.role}::tenant/role/inspector`)).toBe(false);
    expect(keys(resources)).toContain(`${T.role}::tenant/role/inspector`);
  });
});

describe('goDuration', () => {
  it.each([
    [0, '0s'], [1, '1s'], [59, '59s'], [60, '1m'], [300, '5m'], [1800, '30m'], [3600, '1h'], [5400, '1h30m'],
    [36000, '10h'], [3661, '1h1m1s'], [7776000, '2160h'],
  ])('%i seconds is %s', (seconds, text) => {
    expect(goDuration(seconds)).toBe(text);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s', (seconds) => {
    expect(() => goDuration(seconds)).toThrow(/not a whole, non-negative number of seconds/);
  });
});
