import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { MeshAuthorizationAnalyzer, ReachabilityAnalyzer, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { expandPorts } from '../support/declared-connectivity';
import { SchemaValidator } from '../support/k8s-schemas';
import { CONTROL_PLANE, DeclaredPort, Oracle, PROXY_ADMIN, inCidr } from './oracle';

const DNS = { namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' } };
const DESTINATION = { namespace: 'linkerd', name: 'linkerd-destination', labels: { 'linkerd.io/control-plane-component': 'destination' } };
/** Source addresses of the mesh checks besides the unmeshed services' own: a documentation address in and out of the narrow internet range. */
const PROBE_IPS = ['203.0.113.7', '192.0.2.99', '192.0.2.130', '10.200.0.9'];

/**
 * Synthesizes a blueprint with one bound Deployment per service (the operator runs Keycloak); a failed
 * construct validation (the synth-time layer check among them) is returned as `validation`.
 */
export function synthPlatform(props: ZeroTrustBlueprintProps): { manifests: any[]; validation: string[] } {
  const chart = new Chart(Testing.app(), 'property', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', props);
  for (const name of blueprint.serviceNames) {
    const service = blueprint.service(name);
    if (service.managedByOperator) continue;
    const deployment = new kplus.Deployment(chart, `${name}-workload`, {
      metadata: { name, namespace: service.namespace },
      replicas: 1,
      containers: [{ name: 'main', image: `registry.example.com/${name}:1.0.0`, ports: service.containerPorts, securityContext: { user: 65532, group: 65532 } }],
    });
    service.bind(deployment);
  }
  // The chart's synthesis runs the construct validations (the synth-time layer check among them) first.
  try {
    return { manifests: Testing.synth(chart), validation: [] };
  } catch (e) {
    return { manifests: [], validation: [(e as Error).message] };
  }
}

/** Where the rendered NetworkPolicies differ from the oracle (empty when they agree). */
export function networkMismatches(oracle: Oracle, manifests: any[]): string[] {
  const outside = oracle.outsideWorkloads();
  const analyzer = ReachabilityAnalyzer.fromManifests(manifests, {
    extraNamespaces: [{ name: DNS.namespace }, { name: DESTINATION.namespace }, ...outside.map((w) => ({ name: w.namespace }))],
    extraWorkloads: [DNS, DESTINATION, ...outside.map((w) => ({ namespace: w.namespace, name: w.key.replace('/', '-'), labels: w.labels }))],
  });
  const declared = oracle.connectivity();
  const out: string[] = [];
  const compare = (what: string, expected: string[], actual: string[]) => {
    if (expected.join(',') !== actual.join(',')) {
      out.push(`${what}: declared ${expected.join(',') || 'nothing'}, rendered ${actual.join(',') || 'nothing'}`);
    }
  };
  for (const src of oracle.services) {
    const reached = new Map(analyzer.reachableFrom(src.namespace, src.name).map((r) => [r.destination.name, expandPorts(r.ports)]));
    compare(`${src.name} -> DNS`, ['TCP/53', 'UDP/53'], reached.get(DNS.name) ?? []);
    const controlPlane = [...(src.meshed ? CONTROL_PLANE : []), ...(src === oracle.scraper ? [`TCP/${PROXY_ADMIN}`] : [])].sort();
    compare(`${src.name} -> Linkerd control plane`, controlPlane, reached.get(DESTINATION.name) ?? []);
    for (const dst of oracle.services.filter((s) => s !== src)) {
      compare(`${src.name} -> ${dst.name}`, declared.get(`${src.name} -> ${dst.name}`) ?? [], reached.get(dst.name) ?? []);
    }
    const known = new Set([DNS.name, DESTINATION.name, ...oracle.services.map((s) => s.name), ...outside.map((w) => w.key.replace('/', '-'))]);
    [...reached.keys()].filter((n) => !known.has(n)).forEach((n) => out.push(`${src.name} reaches ${n}, a workload the blueprint does not declare`));
    compare(`external -> ${src.name}`, oracle.externalIngress(src), external(analyzer.ingressFromExternal(src.namespace, src.name)));
    compare(`${src.name} -> external`, oracle.externalEgress(src), external(analyzer.egressToExternal(src.namespace, src.name)));
  }
  // Outside workloads have no policies of their own: what they reach is decided by the targets' ingress.
  for (const w of outside) {
    const name = w.key.replace('/', '-');
    const reached = new Map(analyzer.reachableFrom(w.namespace, name).map((r) => [r.destination.name, expandPorts(r.ports)]));
    const declared = oracle.outsideConnectivity(w.key, w.meshed);
    for (const dst of oracle.services) {
      compare(`outside ${w.key} -> ${dst.name}`, declared.get(dst.name) ?? [], reached.get(dst.name) ?? []);
    }
  }
  return out;
}

function external(list: { cidr: string; except: string[]; ports: any[] }[]): string[] {
  return list.flatMap((e) => expandPorts(e.ports).map((p) => `${e.cidr}${e.except.length ? ` except ${e.except.join(',')}` : ''} ${p}`)).sort();
}

/** Where the rendered Linkerd policy admits other callers than the oracle (empty when they agree). */
export function meshMismatches(oracle: Oracle, manifests: any[]): string[] {
  const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
  const out: string[] = [];
  const meshedPorts = oracle.ports.filter((p) => p.target.meshed && p.protocol === 'TCP');
  const scrapes = oracle.scraper?.meshed ? oracle.services.filter((s) => s.meshed && s !== oracle.scraper).map((s) => `${oracle.scraper!.name} -> ${s.name}:${PROXY_ADMIN}`) : [];
  const expected = [...meshedPorts.flatMap((p) => oracle.meshCallers(p).map((c) => `${c} -> ${p.target.name}:${p.targetPort}`)), ...scrapes].sort();
  const actual = mesh.connections().map((c) => `${c.source.name} -> ${c.destination.name}:${c.port}`).sort();
  expected.filter((c) => !actual.includes(c)).forEach((c) => out.push(`mesh refuses declared ${c}`));
  actual.filter((c) => !expected.includes(c)).forEach((c) => out.push(`mesh admits undeclared ${c}`));
  for (const port of meshedPorts) {
    const routes = oracle.routesOf(port);
    for (const route of routes) {
      for (const caller of oracle.meshCallers(port)) {
        const from = oracle.service(caller);
        const request = { path: route.path === '/' ? '/x' : `${route.path}/x`, method: route.methods?.[0] ?? 'GET' };
        const authorized = mesh.authorizeWorkload(from.namespace, from.name, port.target.namespace, port.target.name, port.targetPort, request).authorized;
        if (authorized !== route.services.includes(caller)) {
          out.push(`route ${route.name} of ${port.target.name}:${port.targetPort} ${authorized ? 'admits' : 'refuses'} ${caller} on ${request.method} ${request.path}`);
        }
      }
    }
    if (routes.length === 0) {
      out.push(...addressMismatches(oracle, mesh, port));
      for (const w of oracle.outsideWorkloads().filter((x) => x.meshed)) {
        const authorized = mesh.authorize({ serviceAccountNamespace: w.namespace, serviceAccount: w.serviceAccount }, port.target.namespace, port.target.name, port.targetPort).authorized;
        if (authorized !== port.workloads.has(w.key)) out.push(`mesh ${authorized ? 'admits undeclared' : 'refuses declared'} outside workload ${w.key} -> ${port.target.name}:${port.targetPort}`);
      }
    }
  }
  return out;
}

/** Unmeshed callers and internet addresses, by source address, on a port without routes. */
function addressMismatches(oracle: Oracle, mesh: MeshAuthorizationAnalyzer, port: DeclaredPort): string[] {
  const ips = [...PROBE_IPS, ...oracle.services.filter((s) => !s.meshed).flatMap((s) => (s.props.callerCidrs ?? []).map((c) => c.replace(/\.0\/\d+$/, '.1')))];
  return ips.flatMap((ip) => {
    const expected = port.cidrs.some((c) => inCidr(ip, c));
    const authorized = mesh.authorize({ ip }, port.target.namespace, port.target.name, port.targetPort).authorized;
    return authorized === expected ? [] : [`mesh ${authorized ? 'admits undeclared' : 'refuses declared'} address ${ip} -> ${port.target.name}:${port.targetPort}`];
  });
}

/** Linkerd objects that refer to nothing, and Linkerd policy on ports the proxy does not handle. */
export function refMismatches(oracle: Oracle, manifests: any[]): string[] {
  const has = (kind: string, ns: string, name: string) => manifests.some((m) => m.kind === kind && m.metadata?.namespace === ns && m.metadata?.name === name);
  const out: string[] = [];
  for (const m of manifests.filter((o) => String(o.apiVersion).startsWith('policy.linkerd.io/') || o.kind === 'HTTPRoute')) {
    const ns = m.metadata.namespace;
    const id = `${m.kind} ${ns}/${m.metadata.name}`;
    if (m.kind === 'AuthorizationPolicy') {
      const t = m.spec.targetRef;
      const ok = t.kind === 'Namespace' ? manifests.some((o) => o.kind === 'Namespace' && o.metadata.name === (t.name ?? ns)) : has(t.kind, ns, t.name);
      if (!ok) out.push(`${id} targets missing ${t.kind} ${t.name}`);
      for (const r of m.spec.requiredAuthenticationRefs ?? []) {
        if (r.kind !== 'ServiceAccount' && !has(r.kind, r.namespace ?? ns, r.name)) out.push(`${id} requires missing ${r.kind} ${r.name}`);
      }
    }
    if (m.kind === 'HTTPRoute') {
      (m.spec.parentRefs ?? []).filter((p: any) => !has(p.kind, p.namespace ?? ns, p.name)).forEach((p: any) => out.push(`${id} attaches to missing ${p.kind} ${p.name}`));
    }
    if (m.kind === 'MeshTLSAuthentication') {
      for (const r of (m.spec.identityRefs ?? []).filter((x: any) => x.kind === 'ServiceAccount')) {
        const caller = oracle.services.find((s) => s.serviceAccount === r.name && s.namespace === r.namespace);
        if (!caller && oracle.outsideWorkloads().some((w) => w.meshed && w.key === `${r.namespace}/${r.name}`)) continue;
        if (!caller) out.push(`${id} names ServiceAccount ${r.namespace}/${r.name}, which no service or outside workload of the blueprint has`);
        else if (!caller.meshed) out.push(`${id} names ${caller.name}, which is not meshed`);
      }
    }
  }
  for (const port of oracle.ports.filter((p) => p.protocol !== 'TCP' && p.target.meshed)) {
    if (manifests.some((m) => m.kind === 'Server' && m.metadata.namespace === port.target.namespace && m.spec.port === port.port.name)) {
      out.push(`${port.protocol} port ${port.port.name} of ${port.target.name} has a Linkerd Server, but Linkerd proxies TCP only`);
    }
  }
  return out;
}

const schemas = new SchemaValidator({ linkerd220: true });

/** Objects that fail the shared Kubernetes and CRD schemas. */
export function schemaMismatches(manifests: any[]): string[] {
  return schemas.validateAll(manifests);
}
