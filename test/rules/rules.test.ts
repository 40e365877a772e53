// Every rule of the pack fires on a minimal manifest that breaks exactly its requirement, names the
// object and the place, and stays silent on the same manifests without the break.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RuleFinding, ZeroTrustRulePack } from '../../lib';
import { NS, SPA, callPolicies, defaultDeny, deployment, goodPlatform, meshPolicy, namespace, realmImport, serviceAccount } from './fixtures';

const findings = (objects: any[]): RuleFinding[] => ZeroTrustRulePack.check(objects).findings;
const brief = (f: RuleFinding) => `${f.ruleId} ${f.resource} ${f.path}`;
const without = (objects: any[], kind: string, name: string) => objects.filter((o) => !(o.kind === kind && o.metadata.name === name));

describe('the rule pack', () => {
  it('has stable, unique IDs, each with a name, a severity, a description and a fix', () => {
    const rules = ZeroTrustRulePack.rules;
    expect(rules.map((r) => r.id)).toEqual(Array.from({ length: rules.length }, (_, i) => `ZT-RULE-${String(i + 1).padStart(3, '0')}`));
    for (const r of rules) {
      expect(r.name).toMatch(/^[a-z0-9-]+$/);
      expect(['error', 'warning']).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
  });

  it('keeps each ID on its rule (acknowledgments and CI logs refer to them): never renumber, add new ones at the end', () => {
    expect(ZeroTrustRulePack.rules.map((r) => `${r.id} ${r.name}`)).toEqual([
      'ZT-RULE-001 default-deny-ingress', 'ZT-RULE-002 default-deny-egress', 'ZT-RULE-003 no-any-namespace-peer',
      'ZT-RULE-004 mesh-proxy-port', 'ZT-RULE-005 linkerd-refs-resolve', 'ZT-RULE-006 no-literal-secrets',
      'ZT-RULE-007 public-client-pkce', 'ZT-RULE-008 public-client-no-legacy-grants', 'ZT-RULE-009 no-host-network',
    ]);
  });

  it('finds nothing in a correct hand-written platform', () => {
    expect(findings(goodPlatform()).map(brief)).toEqual([]);
    expect(ZeroTrustRulePack.check(goodPlatform()).passed).toBe(true);
  });

  const cases: Array<[string, () => any[], string[]]> = [
    ['ZT-RULE-001 without default-deny ingress', () => [...without(goodPlatform(), 'NetworkPolicy', 'default-deny'), defaultDeny(['Egress'])],
      [`ZT-RULE-001 Deployment/${NS}/web `]],
    ['ZT-RULE-002 without default-deny egress', () => [...without(goodPlatform(), 'NetworkPolicy', 'default-deny'), defaultDeny(['Ingress'])],
      [`ZT-RULE-002 Deployment/${NS}/web `]],
    ['ZT-RULE-001 and -002 when the "deny" policy allows something', () => {
      const objects = without(goodPlatform(), 'NetworkPolicy', 'default-deny');
      return [...objects, { ...defaultDeny(), spec: { ...defaultDeny().spec, ingress: [{}], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] } }];
    }, [`ZT-RULE-001 Deployment/${NS}/web `, `ZT-RULE-002 Deployment/${NS}/web `]],
    ['ZT-RULE-003 with namespaceSelector {} and pods', () => [...without(goodPlatform(), 'NetworkPolicy', 'api-ingress'),
      callPolicies({ peer: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } })[0]],
    [`ZT-RULE-003 NetworkPolicy/${NS}/api-ingress spec.ingress[0].from[0].namespaceSelector`]],
    ['ZT-RULE-004 without 4143 between meshed pods', () => [...goodPlatform().filter((o) => o.kind !== 'NetworkPolicy' || o.metadata.name === 'default-deny'), ...callPolicies({ proxyPort: false })],
      [`ZT-RULE-004 Deployment/${NS}/web `]],
    ['ZT-RULE-005 with a Server that selects no pod', () => goodPlatform().map((o) => (o.kind === 'Server' ? { ...o, spec: { ...o.spec, podSelector: { matchLabels: { app: 'apii' } } } } : o)),
      [`ZT-RULE-005 Server/${NS}/api-http spec`]],
    ['ZT-RULE-005 with a missing Server', () => goodPlatform().map((o) => (o.kind === 'Server' ? { ...o, metadata: { ...o.metadata, name: 'api-https' } } : o)),
      [`ZT-RULE-005 AuthorizationPolicy/${NS}/api-http spec.targetRef`, `ZT-RULE-005 HTTPRoute/${NS}/api-read spec.parentRefs[0]`]],
    ['ZT-RULE-005 with a missing authentication and identity', () => {
      const objects = without(goodPlatform(), 'MeshTLSAuthentication', 'api-callers');
      const authn = meshPolicy().find((o) => o.kind === 'MeshTLSAuthentication');
      return [...without(objects, 'ServiceAccount', 'web'), { ...authn, metadata: { ...authn.metadata, name: 'api-caller' } }];
    }, [`ZT-RULE-005 AuthorizationPolicy/${NS}/api-http spec.requiredAuthenticationRefs[0]`, `ZT-RULE-005 MeshTLSAuthentication/${NS}/api-caller spec.identityRefs[0]`]],
    ['ZT-RULE-005 with a policy targeting another namespace', () => goodPlatform().map((o) => (o.kind === 'AuthorizationPolicy' ? { ...o, spec: { ...o.spec, targetRef: { kind: 'Namespace', name: 'other' } } } : o)),
      [`ZT-RULE-005 AuthorizationPolicy/${NS}/api-http spec.targetRef`]],
    ['ZT-RULE-006 with a Secret in the output', () => [...goodPlatform(), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: NS }, stringData: { password: 'hunter2' } }],
      [`ZT-RULE-006 Secret/${NS}/db stringData.password`]],
    ['ZT-RULE-006 with a client secret, a user password and an SMTP password in the realm import', () => [
      ...without(goodPlatform(), 'KeycloakRealmImport', 'platform'),
      realmImport([SPA, { clientId: 'api', publicClient: false, secret: 's3cr3t' }], {
        users: [{ username: 'alice', credentials: [{ type: 'password', value: 'alice123' }] }], smtpServer: { host: 'smtp', password: 'x' },
      })], [
      `ZT-RULE-006 KeycloakRealmImport/${NS}/platform spec.realm.clients[1].secret`,
      `ZT-RULE-006 KeycloakRealmImport/${NS}/platform spec.realm.users[0].credentials[0].value`,
      `ZT-RULE-006 KeycloakRealmImport/${NS}/platform spec.realm.smtpServer.password`,
    ]],
    ['ZT-RULE-006 with a literal credential variable', () => [...without(goodPlatform(), 'Deployment', 'api'),
      deployment('api', 8080, { env: [{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'a', key: 'b' } } }] })],
    [`ZT-RULE-006 Deployment/${NS}/api spec.template.spec.containers[0].env[1].value`]],
    ['ZT-RULE-007 with a public client without PKCE or with plain PKCE', () => [...without(goodPlatform(), 'KeycloakRealmImport', 'platform'),
      realmImport([{ clientId: 'spa', publicClient: true }, { ...SPA, clientId: 'spa2', attributes: { 'pkce.code.challenge.method': 'plain' } }, { clientId: 'cli', publicClient: true, standardFlowEnabled: false }])],
    [`ZT-RULE-007 KeycloakRealmImport/${NS}/platform spec.realm.clients[0].attributes`, `ZT-RULE-007 KeycloakRealmImport/${NS}/platform spec.realm.clients[1].attributes`]],
    ['ZT-RULE-008 with a public client allowing the implicit flow and the password grant', () => [...without(goodPlatform(), 'KeycloakRealmImport', 'platform'),
      realmImport([{ ...SPA, implicitFlowEnabled: true, directAccessGrantsEnabled: true }, { clientId: 'api', publicClient: false, directAccessGrantsEnabled: true, secret: '${S}' }])],
    [`ZT-RULE-008 KeycloakRealmImport/${NS}/platform spec.realm.clients[0].implicitFlowEnabled`, `ZT-RULE-008 KeycloakRealmImport/${NS}/platform spec.realm.clients[0].directAccessGrantsEnabled`]],
    ['ZT-RULE-009 with a host-network pod', () => [...without(goodPlatform(), 'Deployment', 'api'), deployment('api', 8080, { hostNetwork: true })],
      [`ZT-RULE-009 Deployment/${NS}/api spec.template.spec.hostNetwork`]],
  ];

  it.each(cases)('%s', (_, objects, expected) => {
    const result = ZeroTrustRulePack.check(objects());
    expect(result.findings.map(brief).sort()).toEqual([...expected].sort());
    expect(result.passed).toBe(false);
    for (const f of result.findings) {
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.objectName).toBe(f.resource.split('/').pop());
    }
  });

  it('checks every namespace with workloads on its own, and only those', () => {
    const objects = [...goodPlatform(), namespace('jobs'), deployment('batch', 9000, { ns: 'jobs' }), serviceAccount('batch', 'jobs'), namespace('empty')];
    expect(findings(objects).map(brief).sort()).toEqual(['ZT-RULE-001 Deployment/jobs/batch ', 'ZT-RULE-002 Deployment/jobs/batch ']);
  });

  it('asks for 4143 only between meshed pods (an unmeshed caller dials the port itself)', () => {
    const objects = [...goodPlatform().filter((o) => o.kind !== 'NetworkPolicy' || o.metadata.name === 'default-deny'), ...callPolicies({ proxyPort: false })];
    const web = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web');
    web.spec.template.metadata.annotations = { 'linkerd.io/inject': 'disabled' };
    expect(findings(objects).map(brief)).toEqual([]);
  });

  it('a skipped inbound port needs no 4143', () => {
    const objects = [...goodPlatform().filter((o) => o.kind !== 'NetworkPolicy' || o.metadata.name === 'default-deny'), ...callPolicies({ proxyPort: false })];
    objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api').spec.template.metadata.annotations = { 'config.linkerd.io/skip-inbound-ports': '8000-8100' };
    expect(findings(objects).map(brief)).toEqual([]);
  });

  it('reads several files as one platform (refs cross files) and names the file of each finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-rules-'));
    const objects = goodPlatform();
    const mesh = join(dir, 'mesh.k8s.yaml');
    const rest = join(dir, 'rest.k8s.yaml');
    writeFileSync(mesh, objects.filter((o) => o.apiVersion.startsWith('policy.linkerd.io')).map((o) => stringify(o)).join('---\n'));
    writeFileSync(rest, objects.filter((o) => !o.apiVersion.startsWith('policy.linkerd.io')).map((o) => stringify(o)).join('---\n'));
    expect(ZeroTrustRulePack.checkFiles([mesh, rest]).findings).toEqual([]);
    const broken = ZeroTrustRulePack.checkFiles([mesh]).findings;
    // Without the other file, the Server selects no pod and the identity's ServiceAccount is missing.
    expect(broken.map(brief)).toEqual([`ZT-RULE-005 Server/${NS}/api-http spec`, `ZT-RULE-005 MeshTLSAuthentication/${NS}/api-callers spec.identityRefs[0]`]);
    expect(broken.map((f) => f.manifestPath)).toEqual([mesh, mesh]);
  });
});
