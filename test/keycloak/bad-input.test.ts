import { describe, expect, it } from 'vitest';
import { buildModel } from '../../lib/model';
import { mutatedKeycloak } from './fixtures';
import { issuesOfModel } from '../support/blueprint-issues';
import { expectSchemaRejectsExpressibleCases } from '../support/schema-constraints';

interface Case {
  readonly name: string;
  readonly mutate: (b: any) => void;
  readonly path: string;
  readonly message: RegExp;
}

const svc = (b: any, name: string) => b.services.find((s: any) => s.name === name);
const spa = (b: any) => b.keycloak.clients[0];
const api = (b: any) => b.keycloak.clients[1];

const CASES: Case[] = [
  // Clients
  { name: 'wildcard redirect URI', mutate: (b) => { spa(b).redirectUris = ['https://app.example.com/*']; }, path: 'keycloak.clients[0].redirectUris[0]', message: /contains a wildcard/ },
  { name: 'non-https redirect URI', mutate: (b) => { spa(b).redirectUris = ['http://app.example.com/callback']; }, path: 'keycloak.clients[0].redirectUris[0]', message: /is not an https URI/ },
  { name: 'relative redirect URI', mutate: (b) => { spa(b).redirectUris = ['/callback']; }, path: 'keycloak.clients[0].redirectUris[0]', message: /not an absolute URI/ },
  { name: 'redirect URI with a fragment', mutate: (b) => { spa(b).redirectUris = ['https://app.example.com/#/cb']; }, path: 'keycloak.clients[0].redirectUris[0]', message: /forbids fragments/ },
  { name: 'wildcard post-logout URI', mutate: (b) => { spa(b).postLogoutRedirectUris = ['*']; }, path: 'keycloak.clients[0].postLogoutRedirectUris[0]', message: /contains a wildcard/ },
  { name: 'wildcard web origin', mutate: (b) => { spa(b).webOrigins = ['*']; }, path: 'keycloak.clients[0].webOrigins[0]', message: /not an exact origin/ },
  { name: 'web origin with a path', mutate: (b) => { spa(b).webOrigins = ['https://app.example.com/app']; }, path: 'keycloak.clients[0].webOrigins[0]', message: /is not an origin/ },
  { name: 'plain-http web origin', mutate: (b) => { spa(b).webOrigins = ['http://app.example.com']; }, path: 'keycloak.clients[0].webOrigins[0]', message: /not an https origin/ },
  { name: 'public client without PKCE', mutate: (b) => { spa(b).pkce = false; }, path: 'keycloak.clients[0].pkce', message: /PKCE \(S256\) is what protects its authorization codes/ },
  { name: 'public client without redirect URIs', mutate: (b) => { delete spa(b).redirectUris; }, path: 'keycloak.clients[0].redirectUris', message: /list its exact https redirect URIs/ },
  { name: 'public client with a secret', mutate: (b) => { spa(b).secretName = 'spa-secret'; }, path: 'keycloak.clients[0].secretName', message: /has no secret/ },
  { name: 'duplicate client', mutate: (b) => { b.keycloak.clients.push({ clientId: 'spa' }); }, path: 'keycloak.clients[2].clientId', message: /declared twice/ },
  { name: 'client ID Keycloak reserves', mutate: (b) => { api(b).clientId = 'admin-cli'; }, path: 'keycloak.clients[1].clientId', message: /Keycloak creates in every realm/ },
  { name: 'client ID not a DNS label', mutate: (b) => { api(b).clientId = 'Business_API'; }, path: 'keycloak.clients[1].clientId', message: /not a DNS-1123 label/ },
  { name: 'unknown audience', mutate: (b) => { spa(b).audiences = ['billing']; }, path: 'keycloak.clients[0].audiences[0]', message: /unknown client "billing"/ },
  { name: 'public client as audience', mutate: (b) => { api(b).audiences = ['spa']; }, path: 'keycloak.clients[1].audiences[0]', message: /is public: an audience is an API/ },
  { name: 'service account on a public client', mutate: (b) => { api(b).access = 'public'; api(b).redirectUris = ['https://api.example.com/cb']; }, path: 'keycloak.clients[1].access', message: /needs a confidential client/ },
  { name: 'duplicate client role', mutate: (b) => { api(b).roles.push({ name: 'report-viewer' }); }, path: 'keycloak.clients[1].roles[2].name', message: /declared twice/ },
  // The operator's objects
  { name: 'prometheusOperator on a service that is not the scraper', mutate: (b) => { svc(b, 'api').prometheusOperator = true; }, path: 'services[1].prometheusOperator', message: /only the metrics scraper is run by the Prometheus Operator: set `metricsScraper: true` on service "api"/ },
  { name: 'unknown operator NetworkPolicy setting', mutate: (b) => { b.keycloak.operatorNetworkPolicy = 'open'; }, path: 'keycloak.operatorNetworkPolicy', message: /exact|disable|omit/ },
  { name: 'unknown Keycloak API version', mutate: (b) => { b.keycloak.apiVersion = 'v1'; }, path: 'keycloak.apiVersion', message: /v2beta1|v2alpha1/ },
  // Roles
  { name: 'scope role not defined', mutate: (b) => { spa(b).scopeRealmRoles = ['auditor']; }, path: 'keycloak.clients[0].scopeRealmRoles[0]', message: /unknown role "auditor"/ },
  { name: 'group realm role not defined', mutate: (b) => { b.keycloak.groups[0].realmRoles = ['superuser']; }, path: 'keycloak.groups[0].realmRoles[0]', message: /unknown role "superuser"/ },
  { name: 'group client role not defined', mutate: (b) => { b.keycloak.groups[1].clientRoles[0].roles = ['payer']; }, path: 'keycloak.groups[1].clientRoles[0].roles[0]', message: /client "api" defines no role "payer"/ },
  { name: 'group client unknown', mutate: (b) => { b.keycloak.groups[1].clientRoles[0].clientId = 'billing'; }, path: 'keycloak.groups[1].clientRoles[0].clientId', message: /unknown client "billing"/ },
  { name: 'OTP role not defined', mutate: (b) => { b.keycloak.mfa = { otpRequiredForRoles: ['root'] }; }, path: 'keycloak.mfa.otpRequiredForRoles[0]', message: /unknown role "root"/ },
  { name: 'default OTP roles missing from custom roles', mutate: (b) => { b.roles = [{ name: 'operator' }, { name: 'viewer' }]; }, path: 'keycloak.mfa.otpRequiredForRoles', message: /realm has no role "admin"/ },
  { name: 'Keycloak service holding roles', mutate: (b) => { svc(b, 'keycloak').roles = ['viewer']; }, path: 'services[3].roles', message: /cannot hold roles in its own realm/ },
  // Claims and user profile
  { name: 'claim attribute not in the user profile', mutate: (b) => { b.keycloak.userProfileAttributes = [{ name: 'organization' }]; }, path: 'keycloak.claims[1].name', message: /user attribute "department" is not in the user profile/ },
  { name: 'claim from an undeclared attribute', mutate: (b) => { b.keycloak.claims = [{ name: 'cost_center', attribute: 'costCenter' }]; b.keycloak.userProfileAttributes = []; }, path: 'keycloak.claims[0].attribute', message: /"costCenter" is not in the user profile/ },
  { name: 'claim overwriting a standard claim', mutate: (b) => { b.keycloak.claims = [{ name: 'sub', attribute: 'organization' }]; b.keycloak.userProfileAttributes = [{ name: 'organization' }]; }, path: 'keycloak.claims[0].name', message: /already defines/ },
  { name: 'redeclared built-in attribute', mutate: (b) => { b.keycloak.userProfileAttributes = [{ name: 'email' }, { name: 'organization' }, { name: 'department' }, { name: 'employee_id' }]; }, path: 'keycloak.userProfileAttributes[0].name', message: /built-in attribute/ },
  // Security settings
  { name: 'token lifetime above the SSO idle time', mutate: (b) => { b.keycloak.security = { accessTokenLifespanSeconds: 3600 }; }, path: 'keycloak.security.accessTokenLifespanSeconds', message: /longer than the SSO session's idle timeout of 1800 s/ },
  { name: 'idle timeout above the session lifespan', mutate: (b) => { b.keycloak.security = { ssoSessionIdleTimeoutSeconds: 7200, ssoSessionMaxLifespanSeconds: 3600 }; }, path: 'keycloak.security.ssoSessionIdleTimeoutSeconds', message: /longer than the session's maximum lifespan/ },
  { name: 'zero failures before lockout', mutate: (b) => { b.keycloak.security = { bruteForce: { failureFactor: 0 } }; }, path: 'keycloak.security.bruteForce.failureFactor', message: /not a positive whole number of failures/ },
  { name: 'OTP with 7 digits', mutate: (b) => { b.keycloak.security = { otpPolicy: { digits: 7 } }; }, path: 'keycloak.security.otpPolicy.digits', message: /6 or 8/ },
  { name: 'unknown password policy', mutate: (b) => { b.keycloak.security = { passwordPolicy: 'length(12) and minLength(8)' }; }, path: 'keycloak.security.passwordPolicy', message: /"minLength\(8\)" is not a Keycloak password policy/ },
  { name: 'sslRequired none', mutate: (b) => { b.keycloak.security = { sslRequired: 'none' }; }, path: 'keycloak.security.sslRequired', message: /must be one of "all", "external"/ },
  // Server
  { name: 'unknown Keycloak service', mutate: (b) => { b.keycloak.service = 'sso'; }, path: 'keycloak.service', message: /unknown service "sso"/ },
  { name: 'Keycloak service without an https port', mutate: (b) => { svc(b, 'keycloak').ports[0].name = 'web'; svc(b, 'keycloak').allowFrom = []; }, path: 'keycloak.service', message: /must declare a port named "https"/ },
  { name: 'management port not scraped', mutate: (b) => { svc(b, 'keycloak').ports[1].metrics = false; }, path: 'keycloak.service', message: /mark it `metrics: true`/ },
  { name: 'hostname with a scheme', mutate: (b) => { b.keycloak.hostname = 'https://auth.example.com'; }, path: 'keycloak.hostname', message: /has a scheme/ },
  { name: 'master realm', mutate: (b) => { b.keycloak.realm = 'master'; }, path: 'keycloak.realm', message: /Keycloak's administration realm/ },
  { name: 'Keycloak cannot reach its database', mutate: (b) => { svc(b, 'postgresql').allowFrom = [{ service: 'api' }]; }, path: 'keycloak.database.service', message: /does not let "keycloak" reach port "postgresql" of "postgresql"/ },
  { name: 'unknown database service', mutate: (b) => { b.keycloak.database = { service: 'pg' }; }, path: 'keycloak.database.service', message: /unknown service "pg"/ },
  { name: 'external database without egress', mutate: (b) => { b.keycloak.database = { host: 'db.example.com' }; }, path: 'keycloak.database.host', message: /has no egressTo on port 5432/ },
  { name: 'service account that cannot reach Keycloak', mutate: (b) => { svc(b, 'keycloak').allowFrom = [{ service: 'gateway', ports: ['https'] }, { service: 'api', ports: ['https'] }]; }, path: 'services[2].roles', message: /does not let it reach port "https" of "keycloak"/ },
  { name: 'several pods without JGroups ports', mutate: (b) => { b.keycloak.instances = 2; }, path: 'keycloak.instances', message: /form a cluster over JGroups/ },
  // Hardening (offline sessions, lockout, signing keys, proxies)
  { name: 'offline idle above the offline lifespan', mutate: (b) => { b.keycloak.security = { offlineSessionIdleTimeoutSeconds: 90_000, offlineSessionMaxLifespanSeconds: 86_400 }; }, path: 'keycloak.security.offlineSessionIdleTimeoutSeconds', message: /longer than the offline session's maximum lifespan/ },
  { name: 'offline sessions of zero seconds', mutate: (b) => { b.keycloak.security = { offlineSessionMaxLifespanSeconds: 0 }; }, path: 'keycloak.security.offlineSessionMaxLifespanSeconds', message: /not a positive whole number of seconds/ },
  { name: 'negative temporary lockouts', mutate: (b) => { b.keycloak.security = { bruteForce: { permanentLockout: true, maxTemporaryLockouts: -1 } }; }, path: 'keycloak.security.bruteForce.maxTemporaryLockouts', message: /not a whole number of lockouts/ },
  { name: 'temporary lockouts without permanent lockout', mutate: (b) => { b.keycloak.security = { bruteForce: { maxTemporaryLockouts: 3 } }; }, path: 'keycloak.security.bruteForce.maxTemporaryLockouts', message: /needs permanentLockout: true/ },
  { name: 'signing key name with capitals', mutate: (b) => { b.keycloak.signingKeys = [{ name: 'RSA' }]; }, path: 'keycloak.signingKeys[0].name', message: /not a key name/ },
  { name: 'signing key declared twice', mutate: (b) => { b.keycloak.signingKeys = [{ name: 'k1' }, { name: 'k1', state: 'passive' }]; }, path: 'keycloak.signingKeys[1].name', message: /declared twice/ },
  { name: 'fractional key priority', mutate: (b) => { b.keycloak.signingKeys = [{ name: 'k1', priority: 1.5 }]; }, path: 'keycloak.signingKeys[0].priority', message: /not a whole number/ },
  { name: 'weak key size', mutate: (b) => { b.keycloak.signingKeys = [{ name: 'k1', keySize: 1024 }]; }, path: 'keycloak.signingKeys[0].keySize', message: /1024 bits/ },
  { name: 'no active signing key', mutate: (b) => { b.keycloak.signingKeys = [{ name: 'k1', state: 'passive' }]; }, path: 'keycloak.signingKeys', message: /no key is active/ },
  { name: 'two active keys at the top priority', mutate: (b) => { b.keycloak.signingKeys = [{ name: 'k1' }, { name: 'k2' }]; }, path: 'keycloak.signingKeys', message: /share the highest priority 200/ },
  { name: 'trusted proxy not a CIDR', mutate: (b) => { b.keycloak.trustedProxyCidrs = ['gateway']; }, path: 'keycloak.trustedProxyCidrs[0]', message: /./ },
  { name: 'proxy headers from anyone', mutate: (b) => { b.keycloak.proxyHeaders = 'xforwarded'; }, path: 'keycloak.proxyHeaders', message: /forge its address/ },
];

/** Keycloak cases only need the model, not the constructs. */
function issuesOfMutation(mutate: (b: any) => void): readonly { path: string; message: string }[] {
  return issuesOfModel(mutatedKeycloak(mutate));
}

describe('bad Keycloak input', () => {
  it.each(CASES)('$name', ({ mutate, path, message }) => {
    const issues = issuesOfMutation(mutate);
    const match = issues.find((i) => i.path === path);
    expect(match, `issues: ${JSON.stringify(issues)}`).toBeDefined();
    expect(match!.message).toMatch(message);
  });

  it('the JSON Schema rejects every case it can express; the library reports each once, under its own code', () => {
    const expressed = expectSchemaRejectsExpressibleCases(CASES, (c) => mutatedKeycloak(c.mutate), (b) => {
      try { return issuesOfModel(b); } catch { return []; } // an accepted mutant is the other test's failure
    });
    expect(expressed).toBeGreaterThanOrEqual(12);
  });

  it('accepts the fixture itself, and several pods once the JGroups ports are allowed', () => {
    expect(() => buildModel(mutatedKeycloak(() => undefined))).not.toThrow();
    const model = buildModel(mutatedKeycloak((b) => {
      b.keycloak.instances = 2;
      const kc = svc(b, 'keycloak');
      kc.ports.push({ name: 'jgroups', port: 7800, appProtocol: 'opaque' }, { name: 'jgroups-fd', port: 57800, appProtocol: 'opaque' });
      kc.allowFrom.push({ service: 'keycloak', ports: ['jgroups', 'jgroups-fd'] });
    }));
    expect(model.keycloak!.instances).toBe(2);
  });

  it('reports every problem at once', () => {
    const issues = issuesOfMutation((b) => {
      spa(b).pkce = false;
      b.keycloak.security = { accessTokenLifespanSeconds: 3600 };
      b.keycloak.hostname = 'https://x';
    });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['keycloak.clients[0].pkce', 'keycloak.security.accessTokenLifespanSeconds', 'keycloak.hostname']));
  });
});
