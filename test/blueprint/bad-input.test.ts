import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { spawnSync } from 'child_process';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { mutated, validBlueprint } from './fixtures';
import { issuesOf } from '../support/blueprint-issues';
import { expectSchemaRejectsExpressibleCases } from '../support/schema-constraints';

interface Case {
  readonly name: string;
  readonly mutate: (b: any) => void;
  readonly path: string;
  readonly message: RegExp;
}

const CASES: Case[] = [
  { name: 'empty zone list', mutate: (b) => { b.zones = []; }, path: 'zones', message: /zone list is empty/ },
  { name: 'unknown zone of a service', mutate: (b) => { b.services[1].zone = 'apps'; }, path: 'services[1].zone', message: /unknown zone "apps"/ },
  { name: 'unknown calling service', mutate: (b) => { b.services[1].allowFrom[0].service = 'gatway'; }, path: 'services[1].allowFrom[0].service', message: /unknown service "gatway"/ },
  { name: 'unknown calling zone', mutate: (b) => { b.services[1].allowFrom = [{ zone: 'edge' }]; }, path: 'services[1].allowFrom[0].zone', message: /unknown zone "edge"/ },
  { name: 'duplicate service name', mutate: (b) => { b.services[2].name = 'api'; }, path: 'services[2].name', message: /declared twice/ },
  { name: 'duplicate zone name', mutate: (b) => { b.zones = [{ name: 'app' }, { name: 'app' }]; }, path: 'zones[1].name', message: /declared twice/ },
  { name: 'service name not DNS-1123', mutate: (b) => { b.services[1].name = 'Business_API'; }, path: 'services[1].name', message: /not a DNS-1123 label/ },
  { name: 'zone name not DNS-1123', mutate: (b) => { b.zones = [{ name: 'DMZ', role: 'dmz' }]; }, path: 'zones[0].name', message: /not a DNS-1123 label/ },
  { name: 'port name too long', mutate: (b) => { b.services[1].ports[0].name = 'http-public-facing'; }, path: 'services[1].ports[0].name', message: /not a valid port name/ },
  { name: 'port out of range', mutate: (b) => { b.services[1].ports[0].port = 70000; }, path: 'services[1].ports[0].port', message: /not a port number/ },
  { name: 'target port zero', mutate: (b) => { b.services[1].ports[0].targetPort = 0; }, path: 'services[1].ports[0].targetPort', message: /not a port number/ },
  { name: 'port on the Linkerd proxy', mutate: (b) => { b.services[1].ports[0].targetPort = 4143; }, path: 'services[1].ports[0].targetPort', message: /port of the Linkerd proxy/ },
  { name: 'two service ports with one number', mutate: (b) => { b.services[1].ports.push({ name: 'admin', port: 8080, targetPort: 9090 }); }, path: 'services[1].ports[1].port', message: /TCP port 8080 is already a port of service "api"/ },
  { name: 'duplicate port name', mutate: (b) => { b.services[1].ports.push({ name: 'http', port: 8081 }); }, path: 'services[1].ports[1].name', message: /declared twice/ },
  { name: 'data service reachable from the internet', mutate: (b) => { b.services[2].allowFrom.push({ internet: true }); }, path: 'services[2].allowFrom[1]', message: /only services in a dmz zone may be reached from the internet/ },
  { name: 'data service reachable from the DMZ', mutate: (b) => { b.services[2].allowFrom.push({ service: 'gateway' }); }, path: 'services[2].allowFrom[1].service', message: /may never reach "db"/ },
  { name: 'DMZ reaching data even with an exception', mutate: (b) => { b.services[2].allowFrom.push({ zone: 'dmz', zoneRuleException: 'legacy' }); }, path: 'services[2].allowFrom[1].zone', message: /may never reach/ },
  { name: 'zone rule from DMZ to data', mutate: (b) => { b.zoneRules = [{ from: 'dmz', to: 'data' }]; }, path: 'zoneRules[0]', message: /may never call zone "data"/ },
  { name: 'external egress from the data zone', mutate: (b) => { b.services[2].egressTo = [{ name: 'backup', cidrs: ['203.0.113.0/24'], ports: [443] }]; }, path: 'services[2].egressTo', message: /no egress out of the cluster/ },
  { name: 'flow to an undeclared port', mutate: (b) => { b.services[1].allowFrom[0].ports = ['grpc']; }, path: 'services[1].allowFrom[0].ports[0]', message: /declares no port named "grpc"/ },
  { name: 'flow breaking the zone rules', mutate: (b) => { b.services[3].allowFrom = [{ service: 'api' }]; }, path: 'services[3].allowFrom[0].service', message: /zone rules do not let zone "app" call zone "management"/ },
  { name: 'two caller kinds in one entry', mutate: (b) => { b.services[1].allowFrom[0].zone = 'dmz'; }, path: 'services[1].allowFrom[0]', message: /exactly one of/ },
  { name: 'no caller kind', mutate: (b) => { b.services[1].allowFrom = [{ ports: ['http'] }]; }, path: 'services[1].allowFrom[0]', message: /exactly one of/ },
  { name: 'bad CIDR', mutate: (b) => { b.services[0].allowFrom[0].cidrs = ['10.0.0.0/33']; }, path: 'services[0].allowFrom[0].cidrs[0]', message: /not a CIDR/ },
  { name: 'CIDR with host bits', mutate: (b) => { b.services[0].allowFrom[0].cidrs = ['10.1.2.3/8']; }, path: 'services[0].allowFrom[0].cidrs[0]', message: /host bits set: use the network address 10.0.0.0\/8/ },
  { name: 'cidrs on a service caller', mutate: (b) => { b.services[1].allowFrom[0].cidrs = ['10.0.0.0/8']; }, path: 'services[1].allowFrom[0].cidrs', message: /only applies to `internet: true`/ },
  { name: 'calling a service without ports', mutate: (b) => { b.services[3].ports = []; b.services[3].allowFrom = [{ zone: 'management' }]; }, path: 'services[3].allowFrom[0]', message: /declares no ports/ },
  { name: 'metrics scraper outside management', mutate: (b) => { b.services[1].metricsScraper = true; }, path: 'services[1].metricsScraper', message: /must run in a management zone/ },
  { name: 'custom zone without a role', mutate: (b) => { b.zones = [{ name: 'edge' }]; }, path: 'zones[0].role', message: /needs a role/ },
  { name: 'shared ServiceAccount', mutate: (b) => { b.services.push({ name: 'api2', zone: 'app', serviceAccount: { name: 'api' } }); }, path: 'services[4].serviceAccount.name', message: /already the identity of service "api"/ },
  { name: 'two services selecting the same pods', mutate: (b) => { b.services.push({ name: 'api2', zone: 'app', selector: { 'app.kubernetes.io/name': 'api' } }); }, path: 'services[4].selector', message: /selects the same pods as service "api"/ },
  { name: 'invalid label value', mutate: (b) => { b.services[1].selector = { app: 'not valid!' }; }, path: 'services[1].selector', message: /not a valid value for label "app"/ },
  { name: 'duplicate caller', mutate: (b) => { b.services[1].allowFrom.push({ service: 'gateway' }); }, path: 'services[1].allowFrom[1]', message: /already allowed/ },
  { name: 'linkerd namespace that is a zone', mutate: (b) => { b.linkerd = { namespace: 'app' }; }, path: 'linkerd.namespace', message: /also a zone namespace/ },
  { name: 'unknown role on a service', mutate: (b) => { b.services[1].roles = ['auditor']; }, path: 'services[1].roles[0]', message: /unknown role "auditor"/ },
  { name: 'role cycle', mutate: (b) => { b.roles = [{ name: 'a', includes: ['b'] }, { name: 'b', includes: ['a'] }]; }, path: 'roles[0].includes', message: /cycle \(a -> b -> a\)/ },
  // Mesh authorization (docs/mesh.md); test/mesh/bad-input.test.ts has the full table.
  { name: 'route on a non-HTTP port', mutate: (b) => { b.services[2].routes = [{ name: 'r', port: 'postgresql', allowServices: ['api'] }]; }, path: 'services[2].routes[0].port', message: /speaks opaque, not HTTP/ },
  { name: 'probe path with a query string', mutate: (b) => { b.services[1].probes = { readiness: '/ready?full=1' }; }, path: 'services[1].probes.readiness', message: /has a query string/ },
  { name: 'allowRoles naming an unknown role', mutate: (b) => { b.services[1].routes = [{ name: 'r', allowRoles: ['root'] }]; }, path: 'services[1].routes[0].allowRoles[0]', message: /unknown role "root"/ },
  { name: 'meshed flow from an unmeshed caller without a NetworkAuthentication', mutate: (b) => { b.services[1].meshed = false; }, path: 'services[2].allowFrom[0]', message: /service "api" is not meshed, so "db" cannot authorize it by identity/ },
  // The caller kinds of real platforms: admin networks, outside workloads, zones with exceptions.
  { name: 'admin network into an app zone', mutate: (b) => { b.adminNetworks = [{ name: 'admin-vpn', cidrs: ['203.0.113.0/24'] }]; b.services[1].allowFrom.push({ adminNetwork: 'admin-vpn' }); }, path: 'services[1].allowFrom[1].adminNetwork', message: /admin networks may reach only services in a management zone \(never data\); "api" is in zone "app" \(app\)/ },
  { name: 'admin network into a data zone', mutate: (b) => { b.adminNetworks = [{ name: 'admin-vpn', cidrs: ['203.0.113.0/24'] }]; b.services[2].allowFrom.push({ adminNetwork: 'admin-vpn' }); }, path: 'services[2].allowFrom[1].adminNetwork', message: /only services in a management zone \(never data\); "db" is in zone "data" \(data\)/ },
  { name: 'unknown admin network', mutate: (b) => { b.services[3].allowFrom = [{ adminNetwork: 'vpn' }]; }, path: 'services[3].allowFrom[0].adminNetwork', message: /unknown admin network "vpn": declare it in `adminNetworks` \(known: none\)/ },
  { name: 'admin network without CIDRs', mutate: (b) => { b.adminNetworks = [{ name: 'admin-vpn', cidrs: [] }]; }, path: 'adminNetworks[0].cidrs', message: /at least one source CIDR/ },
  { name: 'admin network named internet', mutate: (b) => { b.adminNetworks = [{ name: 'internet', cidrs: ['203.0.113.0/24'] }]; }, path: 'adminNetworks[0].name', message: /"internet" names the internet caller/ },
  { name: 'admin network CIDR malformed', mutate: (b) => { b.adminNetworks = [{ name: 'admin-vpn', cidrs: ['203.0.113.0/33'] }]; }, path: 'adminNetworks[0].cidrs[0]', message: /203\.0\.113\.0\/33/ },
  { name: 'outside workload in a zone namespace', mutate: (b) => { b.services[1].allowFrom.push({ workload: { namespace: 'dmz', serviceAccount: 'edge' } }); }, path: 'services[1].allowFrom[1].workload.namespace', message: /namespace "dmz" is the namespace of zone "dmz": declare the workload as a service/ },
  { name: 'outside workload with a malformed namespace', mutate: (b) => { b.services[1].allowFrom.push({ workload: { namespace: 'Ingress', serviceAccount: 'nginx' } }); }, path: 'services[1].allowFrom[1].workload.namespace', message: /not a DNS-1123 label/ },
  { name: 'meshed outside workload with cidrs', mutate: (b) => { b.services[1].allowFrom.push({ workload: { namespace: 'ci', serviceAccount: 'runner', cidrs: ['10.50.0.0/16'] } }); }, path: 'services[1].allowFrom[1].workload.cidrs', message: /admitted by its mTLS identity/ },
  { name: 'unmeshed outside workload into a meshed service without cidrs', mutate: (b) => { b.services[1].allowFrom.push({ workload: { namespace: 'ci', serviceAccount: 'runner', meshed: false } }); }, path: 'services[1].allowFrom[1].workload', message: /workload "runner" in namespace "ci" is not meshed, so "api" cannot authorize it by identity: set its `cidrs`/ },
  { name: 'except without zone', mutate: (b) => { b.services[1].allowFrom[0].except = ['db']; }, path: 'services[1].allowFrom[0].except', message: /`except` only applies to `zone` callers/ },
  { name: 'except naming a service of another zone', mutate: (b) => { b.services[2].allowFrom = [{ zone: 'app', except: ['gateway'] }]; }, path: 'services[2].allowFrom[0].except[0]', message: /zone "app" has no service "gateway" \(its services: "api"\)/ },
  { name: 'except leaving nobody', mutate: (b) => { b.services[2].allowFrom = [{ zone: 'app', except: ['api'] }]; }, path: 'services[2].allowFrom[0].except', message: /no service of zone "app" is left to call "db"/ },
  // Shape errors, as a YAML file or an untyped caller can make them: reported by the JSON Schema.
  { name: 'port number as a string', mutate: (b) => { b.services[1].ports[0].port = '8080'; }, path: 'services[1].ports[0].port', message: /must be a number \(found string "8080"\)/ },
  { name: 'services not a list', mutate: (b) => { b.services = { api: {} }; }, path: 'services', message: /must be an array \(found an object\)/ },
  { name: 'unknown field', mutate: (b) => { b.services[1].allowfrom = []; }, path: 'services[1].allowfrom', message: /unknown field "allowfrom"/ },
  { name: 'missing zone', mutate: (b) => { delete b.services[1].zone; }, path: 'services[1]', message: /missing required field "zone"/ },
  { name: 'unknown app protocol', mutate: (b) => { b.services[1].ports[0].appProtocol = 'https'; }, path: 'services[1].ports[0].appProtocol', message: /must be one of "http", "http2", "grpc", "tcp", "opaque"/ },
  { name: 'meshed not a boolean', mutate: (b) => { b.services[1].meshed = 'yes'; }, path: 'services[1].meshed', message: /must be a boolean/ },
];

describe('bad input', () => {
  it('the valid fixture is accepted', () => {
    expect(() => new ZeroTrustBlueprint(new Chart(Testing.app(), 'c'), 'bp', validBlueprint())).not.toThrow();
  });

  it('covers at least 25 distinct malformed blueprints', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('$name is reported at $path', ({ mutate, path, message }) => {
    const issues = issuesOf(mutated(mutate));
    const at = issues.filter((i) => i.path === path);
    expect(at.map((i) => i.message), `issues: ${JSON.stringify(issues)}`).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('the JSON Schema rejects every case it can express; the library reports each once, under its own code', () => {
    const expressed = expectSchemaRejectsExpressibleCases(CASES, (c) => mutated(c.mutate), (b) => issuesOf(b));
    expect(expressed).toBeGreaterThanOrEqual(12);
  });

  it('reports every problem at once, sorted by path', () => {
    const issues = issuesOf(mutated((b) => {
      b.services[1].zone = 'nowhere';
      b.services[0].ports[0].port = 0;
    }));
    expect(issues.map((i) => i.path)).toEqual(['services[0].ports[0].port', 'services[1].zone']);
  });

  it('names the file and the field for YAML input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-bad-'));
    const file = join(dir, 'blueprint.yaml');
    writeFileSync(file, 'services:\n  - name: api\n    zone: app\n    ports:\n      - { name: http, port: eighty }\n');
    expect(() => ZeroTrustBlueprint.loadProps(file)).toThrow(/blueprint\.yaml[\s\S]*services\[0\]\.ports\[0\]\.port: must be a number \(found string "eighty"\)/);
  });

  it('reports YAML syntax errors and duplicate keys without a stack of parser internals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-bad-'));
    const file = join(dir, 'blueprint.yaml');
    writeFileSync(file, 'services: []\nservices: []\n');
    expect(() => ZeroTrustBlueprint.loadProps(file)).toThrow(/not valid YAML or JSON: .*unique/i);
  });
});

describe('cdk8s synth with an invalid blueprint', () => {
  const repo = join(__dirname, '..', '..');

  it('exits 1 with the problems and no stack trace, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-synth-'));
    const bad = join(dir, 'blueprint.json');
    writeFileSync(bad, JSON.stringify(mutated((b) => { b.services[2].allowFrom.push({ internet: true }); })));
    const outdir = join(dir, 'dist');
    const run = spawnSync(process.execPath, [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repo, 'examples', 'reference-platform', 'main.ts')], {
      env: { ...process.env, ZT_BLUEPRINT: bad, CDK8S_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('services[2].allowFrom[1]: only services in a dmz zone may be reached from the internet');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });
});
