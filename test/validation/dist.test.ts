import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { keycloakPodTemplate } from '../../lib/analysis/workload-templates';
import { describe, expect, it, beforeAll } from 'vitest';
import { ReachabilityAnalyzer } from '../../lib';
import { SchemaValidator } from '../support/k8s-schemas';
import { synthDist } from '../support/synth-dist';
import { parseNetpolConn, parseNetpolEndpoint, runKubeconform, runNetpolAnalyzer } from '../support/tools';

let dist: ReturnType<typeof synthDist>;

beforeAll(() => {
  dist = synthDist();
});

describe('the synthesized reference platform (dist/)', () => {
  it('is written by `cdk8s synth` as one YAML file with every kind', () => {
    expect(dist.files.map((f) => f.split('/').pop())).toEqual(['reference-platform.k8s.yaml']);
    // The realm file for kc.sh import is written beside dist/, never into it (see docs/keycloak.md).
    expect(readdirSync(`${dist.dir}-keycloak`)).toEqual(['platform-realm.json']);
    expect(new Set(dist.manifests.map((m) => m.kind))).toEqual(expect.objectContaining(new Set(['Namespace', 'NetworkPolicy', 'ServiceAccount', 'Service', 'Deployment'])));
  });

  it('validates against the Kubernetes 1.27 and CRD JSON schemas with ajv (unknown fields are errors)', () => {
    const validator = new SchemaValidator({ linkerd220: true });
    expect(validator.validateAll(dist.manifests)).toEqual([]);
  });

  it('the ajv check rejects what kubeconform would (an unknown field, a wrong type)', () => {
    const validator = new SchemaValidator();
    const policy = dist.manifests.find((m) => m.kind === 'NetworkPolicy');
    expect(validator.validate({ ...policy, spec: { ...policy.spec, podSelecter: {} } }).join()).toMatch(/additional/);
    expect(validator.validate({ ...policy, spec: { ...policy.spec, policyTypes: 'Ingress' } }).join()).toMatch(/must be array/);
  });

  it('kubeconform -strict reports 0 invalid and 0 missing schemas', () => {
    const result = runKubeconform(dist.files, { linkerd220: true });
    expect(result.resources.filter((r) => r.status !== 'statusValid').map((r) => `${r.kind} ${r.name}: ${r.msg}`)).toEqual([]);
    expect(result).toMatchObject({ invalid: 0, missing: 0, errors: 0 });
    expect(result.valid).toBe(dist.manifests.length);
  });
});

/**
 * netpol-analyzer knows only built-in workloads: give it the StatefulSet the Keycloak operator creates
 * from the Keycloak CR (the same pod template our evaluator reads), in a directory of its own.
 */
function withOperatorWorkloads(d: ReturnType<typeof synthDist>): string {
  const dir = join(d.dir, 'with-operator-workloads');
  mkdirSync(dir, { recursive: true });
  d.files.forEach((f) => copyFileSync(f, join(dir, f.split('/').pop()!)));
  const statefulSets = d.manifests.filter((m) => m.kind === 'Keycloak').map((k) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: k.metadata.name, namespace: k.metadata.namespace },
    spec: { serviceName: k.metadata.name, selector: { matchLabels: keycloakPodTemplate(k).metadata.labels }, template: keycloakPodTemplate(k) },
  }));
  expect(statefulSets).toHaveLength(1);
  writeFileSync(join(dir, 'operator-workloads.yaml'), statefulSets.map((s) => stringify(s)).join('---\n'));
  return dir;
}

/** One comparable line per connection: `src -> dst: PROTO ranges`. */
function line(src: string, dst: string, ranges: { [p: string]: [number, number][] }): string {
  const text = Object.keys(ranges).sort().map((p) => `${p} ${ranges[p].map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(',')}`).join(';');
  return `${src} -> ${dst}: ${text}`;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function inCidr(ip: number, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4ToInt(base) / size) * size;
  return ip >= start && ip < start + size;
}

describe('np-guard netpol-analyzer agrees with the ReachabilityAnalyzer', () => {
  // netpol-analyzer evaluates NetworkPolicies only; Linkerd's retargeting to 4143 is just another allowed
  // port to both tools, so the two connection lists must match exactly. It models IPv4 only, so the
  // external comparison leaves out IPv6 ranges, and it knows only workloads present in the input.
  it('on every workload-to-workload connection', () => {
    const npGuard = runNetpolAnalyzer(withOperatorWorkloads(dist))
      .map((c) => ({ src: parseNetpolEndpoint(c.src), dst: parseNetpolEndpoint(c.dst), conn: parseNetpolConn(c.conn) }))
      .filter((c) => 'name' in c.src && 'name' in c.dst)
      .map((c: any) => line(`${c.src.namespace}/${c.src.name}`, `${c.dst.namespace}/${c.dst.name}`, c.conn))
      .sort();
    const analyzer = ReachabilityAnalyzer.fromManifests(dist.manifests);
    const ours = analyzer.workloads.flatMap((w) => analyzer.reachableFrom(w.namespace, w.name).map((r) => line(
      `${w.namespace}/${w.name}`, `${r.destination.namespace}/${r.destination.name}`,
      Object.fromEntries(r.ports.map((p) => [p.protocol, p.ranges.map((x) => [x.from, x.to] as [number, number])])),
    ))).sort();
    expect(ours.length).toBeGreaterThan(15);
    expect(ours).toEqual(npGuard);
  });

  it('on every connection from or to addresses outside the cluster', () => {
    const analyzer = ReachabilityAnalyzer.fromManifests(dist.manifests);
    const external = runNetpolAnalyzer(withOperatorWorkloads(dist))
      .map((c) => ({ src: parseNetpolEndpoint(c.src), dst: parseNetpolEndpoint(c.dst), conn: parseNetpolConn(c.conn) }))
      .filter((c) => 'ipRange' in c.src || 'ipRange' in c.dst);
    expect(external.length).toBeGreaterThan(0);
    // Every range np-guard reports gets the same ports from our evaluator at both ends of the range...
    for (const c of external as any[]) {
      const ingress = 'ipRange' in c.src;
      const workload = ingress ? c.dst : c.src;
      const reach = ingress ? analyzer.ingressFromExternal(workload.namespace, workload.name) : analyzer.egressToExternal(workload.namespace, workload.name);
      for (const [first, last] of (ingress ? c.src : c.dst).ranges as [string, string][]) {
        for (const ip of [first, last]) {
          const ports: { [p: string]: [number, number][] } = {};
          for (const r of reach.filter((x) => x.cidr.includes('.') && inCidr(ipv4ToInt(ip), x.cidr) && !x.except.some((e) => inCidr(ipv4ToInt(ip), e)))) {
            for (const p of r.ports) {
              ports[p.protocol] = [...(ports[p.protocol] ?? []), ...p.ranges.map((x) => [x.from, x.to] as [number, number])];
            }
          }
          expect(line(ip, workload.name, ports), `${c.src.ipRange ?? c.src.name} -> ${c.dst.ipRange ?? c.dst.name}`).toBe(line(ip, workload.name, c.conn));
        }
      }
    }
    // ...and every IPv4 range our evaluator allows is among np-guard's.
    for (const w of analyzer.workloads) {
      for (const [dir, list] of [['in', analyzer.ingressFromExternal(w.namespace, w.name)], ['out', analyzer.egressToExternal(w.namespace, w.name)]] as const) {
        for (const r of list.filter((x) => x.cidr.includes('.'))) {
          const ip = ipv4ToInt(r.cidr.split('/')[0]);
          const found = (external as any[]).some((c) => {
            const [ws, range] = dir === 'in' ? [c.dst, c.src] : [c.src, c.dst];
            return ws.name === w.name && ws.namespace === w.namespace && range.ranges?.some(([f, t]: [string, string]) => ipv4ToInt(f) <= ip && ip <= ipv4ToInt(t));
          });
          expect(found, `${w.name} ${dir} ${r.cidr}`).toBe(true);
        }
      }
    }
  });
});
