// Parity: from one blueprint, the realm the Pulumi program declares and the RealmRepresentation of the realm
// import describe the same realm. Both are read into one shape (realm-shape.ts) and compared field by field.
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { realmRepresentation } from '../../lib/keycloak/realm-representation';
import { buildModel } from '../../lib/model/build-model';
import { mutatedTenant, REFERENCE_BLUEPRINT, tenantBlueprint } from './fixtures';
import { diffShapes, RealmShape } from './support/realm-shape';
import { shapeOfRepresentation } from './support/representation-shape';
import { shapeOfResources } from './support/resources-shape';
import { runProgram } from './support/run-program';

async function shapes(
  blueprint: ZeroTrustBlueprintProps,
  transformations: pulumi.ResourceTransformation[] = [],
): Promise<{ imported: RealmShape; live: RealmShape }> {
  const imported = shapeOfRepresentation(realmRepresentation(buildModel(blueprint).keycloak!.realm));
  const run = await runProgram(blueprint, { resourceOptions: { transformations } });
  const live = shapeOfResources(run.resources, { secretLabel: run.secretLabel });
  return { imported, live };
}

const blueprints: [string, () => ZeroTrustBlueprintProps][] = [
  ['the reference platform', () => ZeroTrustBlueprint.loadProps(REFERENCE_BLUEPRINT)],
  ['the tenant fixture', tenantBlueprint],
  ['the tenant fixture with brute-force detection and OTP off, self-registration on', () => mutatedTenant((b) => {
    b.keycloak.security.bruteForce = { enabled: false };
    b.keycloak.security.registrationAllowed = true;
    b.keycloak.security.sslRequired = 'external';
    b.keycloak.mfa.otpRequiredForRoles = [];
  })],
  ['the tenant fixture with realm overrides (login options, listeners, attributes, themes)', () => mutatedTenant((b) => {
    b.keycloak.realmOverrides = {
      login: { rememberMe: true, resetPasswordAllowed: true, loginWithEmailAllowed: false },
      eventsListeners: ['email'],
      attributes: { frontendUrl: 'https://login.example.com', 'acr.loa.map': '{}' },
      displayNameHtml: '<b>Tenant</b>', loginTheme: 'tenant', accountTheme: 'tenant', emailTheme: 'tenant',
    };
  })],
];

describe('parity of the realm import and the Pulumi program', () => {
  it.each(blueprints)('%s: both paths describe the same realm', async (_name, blueprint) => {
    const { imported, live } = await shapes(blueprint());
    expect(imported.problems).toEqual([]);
    expect(live.problems).toEqual([]);
    expect(diffShapes(imported, live)).toEqual([]);
  });

  it('compares a realm with content in every part of the shape', async () => {
    const { imported } = await shapes(tenantBlueprint());
    expect(Object.keys(imported.realmRoles).sort()).toEqual(['admin', 'auditor', 'operator', 'viewer']);
    expect(imported.realmRoles.admin.composites).toEqual(['auditor', 'operator']);
    expect(Object.keys(imported.clientRoles.orders).sort()).toEqual(['order-reader', 'refund-approver']);
    expect(Object.keys(imported.clients).sort()).toEqual(['admin-cli', 'billing', 'orders', 'portal', 'spa']);
    // The hardening: no offline access, admin-cli without direct grants, client policies, the signing key.
    expect(imported.clients.spa.optionalScopes).toEqual([]);
    expect(imported.clients.spa.defaultScopes).toContain('roles');
    expect(imported.clients['admin-cli'].directAccessGrantsEnabled).toBe(false);
    expect(imported.clientProfiles['zero-trust-all-clients'].executors.map((e) => e.name)).toEqual(['reject-implicit-grant', 'secure-redirect-uris-enforcer', 'pkce-enforcer']);
    expect(Object.keys(imported.clientPolicies).sort()).toEqual(['zero-trust-all-clients', 'zero-trust-confidential-clients']);
    expect(imported.signingKeys).toEqual({ 'rsa-signing': { priority: '200', enabled: 'true', active: 'true', algorithm: 'RS256', keySize: '2048' } });
    expect(imported.settings).toMatchObject({ offlineSessionMaxLifespanEnabled: true, offlineSessionIdleTimeout: 604800, offlineSessionMaxLifespan: 2592000 });
    expect(imported.clients.spa.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(imported.clients.billing.serviceAccountRoles?.realm).toEqual(['auditor', 'viewer']);
    expect(imported.clients.portal.secret).toBe('placeholder CLIENT_SECRET_PORTAL');
    expect(Object.keys(imported.clients.spa.mappers).sort()).toEqual(['audience billing', 'audience orders', 'claim department', 'claim tenant']);
    expect(imported.clients.spa.scopeClientRoles).toEqual({ orders: ['order-reader', 'refund-approver'] });
    expect(Object.keys(imported.groups).sort()).toEqual(['finance', 'support']);
    // Browser and direct grant, their forms sub-flow and one OTP sub-flow per role for each.
    expect(Object.keys(imported.flows)).toHaveLength(7);
    expect(imported.bindings.browserFlow).toBe('browser with role-based OTP');
    expect(imported.settings.accessTokenLifespan).toBe(120);
    expect(imported.settings.ssoSessionMaxLifespan).toBe(5400);
    expect(Object.keys(imported.userProfile!.attributes)).toContain('tenant_id');
  });
});

/** Changes one resource's inputs on the way to the engine, as a faulty mapping in the program would. */
function breakInputs(type: string, name: RegExp, change: (props: Record<string, any>) => void): pulumi.ResourceTransformation {
  return (args) => {
    if (args.type !== type || !name.test(args.name)) {
      return undefined;
    }
    const props = { ...args.props };
    change(props);
    return { props, opts: args.opts };
  };
}

/** Leaves one resource out. */
function dropResource(type: string, name: RegExp): pulumi.ResourceTransformation {
  // A transformation cannot drop a resource; pointing it at another realm takes it out of this one.
  return breakInputs(type, name, (p) => {
    p.realmId = 'elsewhere';
  });
}

const broken: [string, pulumi.ResourceTransformation, RegExp][] = [
  ['a composite dropped from admin', breakInputs('keycloak:index/role:Role', /\/role\/admin$/, (p) => {
    p.compositeRoles = p.compositeRoles.slice(1);
  }), /^realmRoles\.admin\.composites/],
  ['PKCE off for the SPA', breakInputs('keycloak:openid/client:Client', /\/client\/spa$/, (p) => {
    p.pkceCodeChallengeMethod = '';
  }), /^clients\.spa\.attributes\.pkce\.code\.challenge\.method/],
  ['full scope on for the portal', breakInputs('keycloak:openid/client:Client', /\/client\/portal$/, (p) => {
    p.fullScopeAllowed = true;
  }), /^clients\.portal\.fullScopeAllowed/],
  ['direct grants on for the SPA', breakInputs('keycloak:openid/client:Client', /\/client\/spa$/, (p) => {
    p.directAccessGrantsEnabled = true;
  }), /^clients\.spa\.directAccessGrantsEnabled/],
  ['a redirect URI with a wildcard', breakInputs('keycloak:openid/client:Client', /\/client\/portal$/, (p) => {
    p.validRedirectUris = ['https://portal.tenant.example/*'];
  }), /^clients\.portal\.redirectUris/],
  ['a web origin lost', breakInputs('keycloak:openid/client:Client', /\/client\/spa$/, (p) => {
    p.webOrigins = [];
  }), /^clients\.spa\.webOrigins/],
  ['a literal client secret', breakInputs('keycloak:openid/client:Client', /\/client\/orders$/, (p) => {
    p.clientSecret = 'hunter2';
  }), /^clients\.orders\.secret/],
  ['the audience mapper pointing at the wrong API', breakInputs('keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper', /\/spa\/orders$/, (p) => {
    p.includedClientAudience = 'billing';
  }), /^clients\.spa\.mappers\.audience orders\.config\.included\.client\.audience/],
  ['a claim missing from access tokens', breakInputs('keycloak:openid/userAttributeProtocolMapper:UserAttributeProtocolMapper', /\/spa\/tenant$/, (p) => {
    p.addToAccessToken = false;
  }), /^clients\.spa\.mappers\.claim tenant\.config\.access\.token\.claim/],
  ['a service-account role lost', breakInputs('keycloak:index/userRoles:UserRoles', /\/billing$/, (p) => {
    p.roleIds = p.roleIds.slice(0, 1);
  }), /^clients\.billing\.serviceAccountRoles\.realm/],
  ['service-account roles no longer exhaustive', breakInputs('keycloak:index/userRoles:UserRoles', /\/orders$/, (p) => {
    p.exhaustive = false;
  }), /^clients\.orders\.serviceAccountRoles\.exact/],
  ['a scope mapping missing', dropResource('keycloak:index/genericRoleMapper:GenericRoleMapper', /scope-mapping\/portal\/operator$/), /^clients\.portal\.scopeRealmRoles/],
  ['a group losing its client roles', breakInputs('keycloak:index/groupRoles:GroupRoles', /\/finance$/, (p) => {
    p.roleIds = p.roleIds.slice(0, 1);
  }), /^groups\.finance\.clientRoles/],
  ['OTP optional for operators', breakInputs('keycloak:authentication/subflow:Subflow', /OTP for role operator$/, (p) => {
    p.requirement = 'DISABLED';
  }), /^flows\.browser forms\.executions\[\d\]\.requirement/],
  ['executions out of order', breakInputs('keycloak:authentication/execution:Execution', /direct-grant-validate-username$/, (p) => {
    p.priority = 25;
  }), /^flows\.direct grant with role-based OTP\.executions\[0\]\.authenticator/],
  ['a role condition naming another role', breakInputs('keycloak:authentication/executionConfig:ExecutionConfig', /holds role auditor \(Browser/, (p) => {
    p.config = { condUserRole: 'viewer', negate: 'false' };
  }), /^flows\.Browser - OTP for role auditor\.executions\[0\]\.config\.condUserRole/],
  ['the browser binding left at Keycloak\'s flow', breakInputs('keycloak:authentication/bindings:Bindings', /./, (p) => {
    p.browserFlow = 'browser';
  }), /^bindings\.browserFlow/],
  ['a longer access token lifespan', breakInputs('keycloak:index/realm:Realm', /./, (p) => {
    p.accessTokenLifespan = '1h';
  }), /^settings\.accessTokenLifespan/],
  ['brute-force protection off', breakInputs('keycloak:index/realm:Realm', /./, (p) => {
    p.securityDefenses = undefined;
  }), /^settings\.bruteForceProtected/],
  ['self-registration on', breakInputs('keycloak:index/realm:Realm', /./, (p) => {
    p.registrationAllowed = true;
  }), /^settings\.registrationAllowed/],
  ['the OTP policy back to SHA-1', breakInputs('keycloak:index/realm:Realm', /./, (p) => {
    p.otpPolicy = { ...p.otpPolicy, algorithm: 'HmacSHA1' };
  }), /^settings\.otpPolicyAlgorithm/],
  ['events kept for a day less', breakInputs('keycloak:index/realmEvents:RealmEvents', /./, (p) => {
    p.eventsExpiration = 86400 - 86400 / 24;
  }), /^settings\.eventsExpiration/],
  ['a custom attribute users can edit', breakInputs('keycloak:index/realmUserProfile:RealmUserProfile', /./, (p) => {
    p.attributes = p.attributes.map((a: any) => (a.name === 'tenant_id' ? { ...a, permissions: { views: ['admin', 'user'], edits: ['admin', 'user'] } } : a));
  }), /^userProfile\.attributes\.tenant_id\.permissions\.edit/],
  ['offline access for the SPA', breakInputs('keycloak:openid/clientOptionalScopes:ClientOptionalScopes', /client-optional-scopes\/spa$/, (p) => {
    p.optionalScopes = ['offline_access'];
  }), /^clients\.spa\.optionalScopes/],
  ['direct grants on for admin-cli', breakInputs('keycloak:openid/client:Client', /built-in-client\/admin-cli$/, (p) => {
    p.directAccessGrantsEnabled = true;
  }), /^clients\.admin-cli\.directAccessGrantsEnabled/],
  ['PKCE no longer enforced on clients made by hand', breakInputs('keycloak:index/realmClientPolicyProfile:RealmClientPolicyProfile', /client-profile\/zero-trust-all-clients$/, (p) => {
    p.executors = p.executors.filter((e: any) => e.name !== 'pkce-enforcer');
  }), /^clientProfiles\.zero-trust-all-clients\.executors/],
  ['the signing key made passive', breakInputs('keycloak:index/realmKeystoreRsaGenerated:RealmKeystoreRsaGenerated', /signing-key\/rsa-signing$/, (p) => {
    p.active = false;
  }), /^signingKeys\.rsa-signing\.active/],
  ['offline sessions without an end', breakInputs('keycloak:index/realm:Realm', /./, (p) => {
    p.offlineSessionMaxLifespanEnabled = false;
  }), /^settings\.offlineSessionMaxLifespanEnabled/],
  ['a client setting the shape does not know', breakInputs('keycloak:openid/client:Client', /\/client\/spa$/, (p) => {
    p.accessTokenLifespan = '1h';
  }), /^problems/],
];

describe('a broken mapping fails the parity check', () => {
  it.each(broken)('%s', async (_name, transformation, where) => {
    const { imported, live } = await shapes(tenantBlueprint(), [transformation]);
    const differences = diffShapes(imported, live);
    expect(differences.length).toBeGreaterThan(0);
    expect(differences.some((d) => where.test(d)), differences.join('\n')).toBe(true);
  });

  it('an unknown field in the realm representation is a problem, not silently skipped', () => {
    const rep = realmRepresentation(buildModel(tenantBlueprint()).keycloak!.realm);
    const shape = shapeOfRepresentation({ ...rep, webAuthnPolicyRpId: 'tenant.example' });
    expect(shape.problems).toEqual(['realm.webAuthnPolicyRpId is not covered by the parity shape']);
  });

  it('a realm import that differs from the program fails too', async () => {
    const rep = realmRepresentation(buildModel(tenantBlueprint()).keycloak!.realm) as any;
    rep.clients.find((c: any) => c.clientId === 'spa').redirectUris.push('https://evil.example/cb');
    const run = await runProgram(tenantBlueprint());
    const differences = diffShapes(shapeOfRepresentation(rep), shapeOfResources(run.resources, { secretLabel: run.secretLabel }));
    expect(differences).toEqual(['clients.spa.redirectUris[1]: "https://evil.example/cb" ≠ undefined']);
  });
});
