// The synth-time check's indexed NetworkPolicy evaluation (rules and peer selections evaluated once,
// shared by every pod) must answer exactly as the ReachabilityAnalyzer, which evaluates each pair of
// workloads from scratch: on generated platforms, after generated patches of their policies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReachabilityAnalyzer } from '../../lib';
import { podTemplates } from '../../lib/analysis/cluster-view';
import { policyTypes } from '../../lib/analysis/policy-rules';
import { EvaluatedPod, NetworkEvaluation } from '../../lib/validation/network-evaluation';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { seed } from '../property/settings';
import { synthPlatform } from '../property/platform-checks';

const SERVICE_LABEL = 'zero-trust.cdk8s.io/service';

/** Changes a policy as a hand-written patch might; `pick` chooses among its rules, pods and ports. */
const mutation = fc.record({
  policy: fc.nat(),
  pick: fc.nat(),
  op: fc.constantFrom('drop-rule', 'rule-without-peers', 'select-all-pods', 'namespace-peer', 'in-peer', 'exists-peer', 'named-port', 'port-range', 'ingress-only', 'local-peer-twice'),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(manifests: any[], m: Mutation): void {
  const policies = manifests.filter((o) => o.kind === 'NetworkPolicy');
  if (policies.length === 0) return;
  const policy = policies[m.policy % policies.length];
  const pods = podTemplates(manifests);
  const pod = pods[m.pick % pods.length];
  const direction: 'ingress' | 'egress' = m.pick % 2 === 0 ? 'ingress' : 'egress';
  const rules: any[] = (policy.spec[direction] ??= []);
  const rule = rules[m.pick % Math.max(1, rules.length)];
  const peers = direction === 'ingress' ? 'from' : 'to';
  switch (m.op) {
    case 'drop-rule': rules.splice(m.pick % Math.max(1, rules.length), 1); break;
    case 'rule-without-peers': if (rule) delete rule[peers]; break;
    case 'select-all-pods': policy.spec.podSelector = {}; break;
    case 'namespace-peer': rules.push({ [peers]: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pod?.namespace ?? 'default' } } }], ports: [{ port: 22, protocol: 'TCP' }] }); break;
    case 'in-peer': rules.push({ [peers]: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: SERVICE_LABEL, operator: 'In', values: pods.slice(0, 1 + (m.pick % 3)).map((p) => p.labels[SERVICE_LABEL] ?? p.name) }] } }] }); break;
    case 'exists-peer': rules.push({ [peers]: [{ podSelector: { matchExpressions: [{ key: SERVICE_LABEL, operator: 'Exists' }] } }], ports: [{ protocol: 'UDP' }] }); break;
    case 'named-port': {
      // A port named on a pod of the policy's namespace, which the policy then selects: ingress names
      // resolve on that pod, egress names on each destination.
      const local = pods.filter((p) => p.namespace === policy.metadata.namespace && p.namedPorts.size > 0);
      const named = local[m.pick % Math.max(1, local.length)];
      if (!named) break;
      const [name, { protocol }] = [...named.namedPorts][m.pick % named.namedPorts.size];
      policy.spec.podSelector = { matchLabels: { ...named.labels } };
      rules.push({ [peers]: [{ namespaceSelector: {} }], ports: [{ port: name, protocol }] });
      break;
    }
    case 'local-peer-twice': {
      // The same peer without a namespace selector, in policies of two namespaces: it selects in each one's own.
      const other = policies.find((p) => p.metadata.namespace !== policy.metadata.namespace);
      const rule = () => ({ [peers]: [{ podSelector: {} }], ports: [{ port: 7000, protocol: 'TCP' }] });
      rules.push(rule());
      if (other) (other.spec[direction] ??= []).push(rule());
      break;
    }
    case 'port-range': rules.push({ [peers]: [{ podSelector: {} }], ports: [{ port: 8000, endPort: 8100, protocol: 'TCP' }] }); break;
    case 'ingress-only': policy.spec.policyTypes = ['Ingress']; break;
  }
}

/**
 * The manifests with only one direction of every policy, so that what one side allows is seen even
 * where the other side blocks it (a connection needs both).
 */
function only(manifests: any[], type: 'Ingress' | 'Egress'): any[] {
  return structuredClone(manifests).filter((o) => {
    if (o.kind !== 'NetworkPolicy') return true;
    const types = policyTypes(o).filter((t) => t === type);
    if (types.length === 0) return false;
    o.spec.policyTypes = types;
    delete o.spec[type === 'Ingress' ? 'egress' : 'ingress'];
    return true;
  });
}

/** For each pod, what it reaches and on which ports, by both evaluators. */
function compare(manifests: any[]): void {
  const analyzer = ReachabilityAnalyzer.fromManifests(manifests);
  const templates = podTemplates(manifests);
  const pods: EvaluatedPod[] = templates.map((t) => ({ id: `${t.namespace}/${t.kind}/${t.name}`, namespace: t.namespace, labels: t.labels, namedPorts: t.namedPorts }));
  const network = new NetworkEvaluation(manifests, pods);
  const egress = new Map(pods.map((p) => [p, network.peers(p, 'Egress')]));
  const ingress = new Map(pods.map((p) => [p, network.peers(p, 'Ingress')]));
  expect(pods.length).toBeGreaterThan(1);
  pods.forEach((src, i) => {
    const expected = new Map(analyzer.reachableFrom(templates[i].namespace, templates[i].name).map((r) => [`${r.destination.namespace}/${r.destination.kind}/${r.destination.name}`, r.summary]));
    const found = new Map(pods.filter((dst) => dst !== src)
      .map((dst) => [dst.id, network.allowed(src, dst, egress.get(src), ingress.get(dst))] as const)
      .filter(([, ports]) => !ports.isEmpty)
      .map(([id, ports]) => [id, ports.toString()]));
    expect(found, `from ${src.id}`).toEqual(expected);
    expect(network.isolated(src, 'Ingress')).toBe(ingress.get(src) !== undefined);
  });
}

const SEED = seed();

describe(`the layer check's NetworkPolicy evaluation against the ReachabilityAnalyzer (seed ${SEED})`, () => {
  const cases = fc.sample(fc.tuple(validBlueprint.filter((b) => b.services.length > 1), fc.array(mutation, { minLength: 0, maxLength: 6 })), { seed: SEED, numRuns: 40 });

  it.each(cases.map((c, i) => [i, c] as const))('agrees on every pair of workloads (case %i)', (_, [props, mutations]) => {
    const { manifests, validation } = synthPlatform(props);
    expect(validation).toEqual([]);
    mutations.forEach((m) => mutate(manifests, m));
    compare(manifests);
    compare(only(manifests, 'Ingress'));
    compare(only(manifests, 'Egress'));
  });
});
