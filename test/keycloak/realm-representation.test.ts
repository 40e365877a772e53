import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { keycloakBlueprint, mutatedKeycloak } from './fixtures';

function realmOf(props: ZeroTrustBlueprintProps): any {
  const chart = new Chart(Testing.app(), 'test');
  return JSON.parse(new ZeroTrustBlueprint(chart, 'blueprint', props).realmJson!);
}

const client = (realm: any, id: string) => {
  const found = realm.clients.find((c: any) => c.clientId === id);
  if (!found) {
    throw new Error(`no client ${id}`);
  }
  return found;
};
const mapperNames = (c: any) => c.protocolMappers.map((m: any) => m.name);

describe('the realm representation', () => {
  const realm = realmOf(keycloakBlueprint());

  it('matches the snapshot', () => {
    expect(realm).toMatchSnapshot();
  });

  it('has the hardened security defaults the issue lists', () => {
    expect(realm).toMatchObject({
      realm: 'acme',
      enabled: true,
      sslRequired: 'all',
      registrationAllowed: false,
      bruteForceProtected: true,
      failureFactor: 5,
      waitIncrementSeconds: 300,
      maxFailureWaitSeconds: 300,
      permanentLockout: false,
      accessTokenLifespan: 300,
      ssoSessionIdleTimeout: 1800,
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      eventsEnabled: true,
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
      otpPolicyType: 'totp',
      otpPolicyAlgorithm: 'HmacSHA1',
      otpPolicyDigits: 6,
      otpPolicyPeriod: 30,
    });
    expect(realm.eventsExpiration).toBeGreaterThan(0);
    expect(realm.attributes.adminEventsExpiration).toBe(String(realm.eventsExpiration));
  });

  it('changes exactly the overridden setting', () => {
    const changed = realmOf(mutatedKeycloak((b) => {
      b.keycloak.security = { accessTokenLifespanSeconds: 120, bruteForce: { failureFactor: 3 } };
    }));
    const diff = Object.keys(realm).filter((k) => JSON.stringify(realm[k]) !== JSON.stringify(changed[k]));
    expect(diff.sort()).toEqual(['accessTokenLifespan', 'failureFactor']);
    expect(changed).toMatchObject({ accessTokenLifespan: 120, failureFactor: 3 });
  });

  it('emits the role hierarchy as composite realm roles', () => {
    const roles = Object.fromEntries(realm.roles.realm.map((r: any) => [r.name, r]));
    expect(Object.keys(roles).sort()).toEqual(['admin', 'operator', 'viewer']);
    expect(roles.admin).toMatchObject({ composite: true, composites: { realm: ['operator'] } });
    expect(roles.operator).toMatchObject({ composite: true, composites: { realm: ['viewer'] } });
    expect(roles.viewer).toMatchObject({ composite: false });
    expect(roles.viewer.composites).toBeUndefined();
  });

  it('makes the SPA a public client with PKCE S256, exact https URIs and no implicit or direct grants', () => {
    const spa = client(realm, 'spa');
    expect(spa).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      fullScopeAllowed: false,
      redirectUris: ['https://app.example.com/callback', 'https://app.example.com/silent-renew'],
      webOrigins: ['https://app.example.com'],
    });
    expect(spa.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(spa.secret).toBeUndefined();
  });

  it('gives every service holding roles a confidential service-account client with exactly those roles', () => {
    const users = Object.fromEntries(realm.users.map((u: any) => [u.serviceAccountClientId, u]));
    expect(Object.keys(users).sort()).toEqual(['api', 'worker']);
    expect(users.api).toMatchObject({ username: 'service-account-api', realmRoles: ['operator'] });
    expect(users.worker).toMatchObject({ username: 'service-account-worker', realmRoles: ['viewer'] });
    for (const id of ['api', 'worker']) {
      expect(client(realm, id)).toMatchObject({
        publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, directAccessGrantsEnabled: false,
        implicitFlowEnabled: false, fullScopeAllowed: false, clientAuthenticatorType: 'client-secret',
      });
    }
  });

  it('scopes each client to what its tokens may carry, with inheritance expanded', () => {
    const scope = Object.fromEntries(realm.scopeMappings.map((m: any) => [m.client, m.roles]));
    expect(scope).toEqual({ spa: ['admin', 'operator', 'viewer'], api: ['operator', 'viewer'], worker: ['viewer'] });
    expect(realm.clientScopeMappings).toEqual({
      api: [
        { client: 'spa', roles: ['invoice-approver', 'report-viewer'] },
        { client: 'worker', roles: ['invoice-approver', 'report-viewer'] },
      ],
    });
    expect(realm.clients.every((c: any) => c.fullScopeAllowed === false)).toBe(true);
  });

  it('adds audience mappers for declared audiences and for the services a service may call', () => {
    const audiences = (id: string) => client(realm, id).protocolMappers
      .filter((m: any) => m.protocolMapper === 'oidc-audience-mapper')
      .map((m: any) => m.config['included.client.audience']);
    expect(audiences('spa')).toEqual(['api']);
    expect(audiences('worker')).toEqual(['api']); // the blueprint lets worker call api
    expect(audiences('api')).toEqual([]); // api calls only PostgreSQL, which is no client
  });

  it('maps the custom claims from user attributes on clients that log users in only', () => {
    expect(mapperNames(client(realm, 'spa'))).toEqual(['audience api', 'claim department', 'claim employee_id', 'claim organization']);
    const claim = client(realm, 'spa').protocolMappers.find((m: any) => m.name === 'claim employee_id');
    expect(claim).toMatchObject({
      protocolMapper: 'oidc-usermodel-attribute-mapper',
      config: { 'user.attribute': 'employee_id', 'claim.name': 'employee_id', 'access.token.claim': 'true', 'id.token.claim': 'true' },
    });
    expect(mapperNames(client(realm, 'api'))).toEqual([]);
  });

  it('declares the claim attributes in the user profile, editable by admins only', () => {
    const config = JSON.parse(realm.components['org.keycloak.userprofile.UserProfileProvider'][0].config['kc.user.profile.config'][0]);
    const byName = Object.fromEntries(config.attributes.map((a: any) => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual(['department', 'email', 'employee_id', 'firstName', 'lastName', 'organization', 'username']);
    for (const name of ['department', 'employee_id', 'organization']) {
      expect(byName[name].permissions).toEqual({ view: ['admin', 'user'], edit: ['admin'] });
    }
    expect(byName.email.permissions.edit).toContain('user');
  });

  it('keeps secrets out: every ${...} in the realm is a client-secret placeholder', () => {
    const text = JSON.stringify(realm);
    const placeholders = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
    expect(placeholders.sort()).toEqual(['CLIENT_SECRET_API', 'CLIENT_SECRET_WORKER']);
    expect(client(realm, 'api').secret).toBe('${CLIENT_SECRET_API}');
  });

  it('binds complete flows: every binding, sub-flow and config it names exists', () => {
    const flows = new Map(realm.authenticationFlows.map((f: any) => [f.alias, f]));
    const configs = new Set(realm.authenticatorConfig.map((c: any) => c.alias));
    for (const binding of ['browserFlow', 'directGrantFlow', 'registrationFlow', 'resetCredentialsFlow', 'clientAuthenticationFlow', 'firstBrokerLoginFlow', 'dockerAuthenticationFlow']) {
      expect(flows.get(realm[binding]), binding).toMatchObject({ topLevel: true });
    }
    for (const flow of realm.authenticationFlows) {
      for (const e of flow.authenticationExecutions) {
        if (e.authenticatorFlow) {
          expect(flows.get(e.flowAlias), `${flow.alias} -> ${e.flowAlias}`).toMatchObject({ topLevel: false });
        }
        if (e.authenticatorConfig) {
          expect(configs.has(e.authenticatorConfig), e.authenticatorConfig).toBe(true);
        }
      }
    }
    // No unbound top-level flow: each one is a binding.
    expect(realm.authenticationFlows.filter((f: any) => f.topLevel).map((f: any) => f.alias).sort()).toEqual([
      realm.browserFlow, realm.clientAuthenticationFlow, realm.directGrantFlow, realm.dockerAuthenticationFlow,
      realm.firstBrokerLoginFlow, realm.registrationFlow, realm.resetCredentialsFlow,
    ].sort());
  });

  it('requires OTP by role in the browser and direct-grant flows: operator covers admin, which includes it', () => {
    const flows = new Map<string, any>(realm.authenticationFlows.map((f: any) => [f.alias, f]));
    const roleConditions = (alias: string): string[] => flows.get(alias).authenticationExecutions.flatMap((e: any) => {
      if (e.authenticatorFlow) {
        return roleConditions(e.flowAlias);
      }
      if (e.authenticator !== 'conditional-user-role') {
        return [];
      }
      return [realm.authenticatorConfig.find((c: any) => c.alias === e.authenticatorConfig).config.condUserRole];
    });
    expect(roleConditions(realm.browserFlow)).toEqual(['operator']);
    expect(roleConditions(realm.directGrantFlow)).toEqual(['operator']);
    const otpSubFlow = [...flows.values()].find((f) => f.alias.startsWith('Direct Grant - OTP'));
    expect(otpSubFlow.authenticationExecutions.map((e: any) => [e.authenticator, e.requirement])).toEqual([
      ['conditional-user-role', 'REQUIRED'], ['direct-grant-validate-otp', 'REQUIRED'],
    ]);
  });

  it('gives unrelated OTP roles one conditional sub-flow each, and none when OTP is off', () => {
    const two = realmOf(mutatedKeycloak((b) => {
      b.roles = [{ name: 'auditor' }, { name: 'operator' }, { name: 'viewer' }];
      b.keycloak.mfa = { otpRequiredForRoles: ['operator', 'auditor'] };
    }));
    const configs = two.authenticatorConfig.filter((c: any) => c.config.condUserRole).map((c: any) => c.config.condUserRole);
    expect(configs).toEqual(['auditor', 'operator']);
    const off = realmOf(mutatedKeycloak((b) => { b.keycloak.mfa = { otpRequiredForRoles: [] }; }));
    expect(JSON.stringify(off.authenticationFlows)).not.toContain('conditional-user-role');
  });

  it('emits groups with their realm and client role mappings', () => {
    expect(realm.groups).toEqual([
      { name: 'finance', path: '/finance', realmRoles: ['viewer'], clientRoles: { api: ['invoice-approver'] }, subGroups: [] },
      { name: 'operators', path: '/operators', realmRoles: ['operator'], clientRoles: {}, subGroups: [] },
    ]);
    expect(realm.roles.client.api.map((r: any) => r.name)).toEqual(['invoice-approver', 'report-viewer']);
  });

  it('is deterministic: the order of clients, groups and roles in the blueprint does not change it', () => {
    const reordered = realmOf(mutatedKeycloak((b) => {
      b.keycloak.clients.reverse();
      b.keycloak.clients[0].roles.reverse();
      b.keycloak.groups.reverse();
      b.services.reverse();
    }));
    expect(JSON.stringify(reordered)).toBe(JSON.stringify(realm));
  });
});
