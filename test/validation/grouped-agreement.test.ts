// The layer check's NetworkPolicy half checks the callers of large selections (zones, caller groups,
// shared egress policies) once per class of pods, and a target pair by pair only when that fails. It must
// report exactly what the pair-by-pair evaluation reports (same problems, same order) on generated
// platforms after generated patches and added policies, whatever the size from which a selection is
// checked per class; and on an unpatched platform the per-class check must succeed (no target falls back).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortSet } from '../../lib/analysis/port-set';
import { LINKERD_PORTS } from '../../lib/model';
import type { BlueprintModel, ServiceModel } from '../../lib/model';
import { DeclaredConnections } from '../../lib/validation/declared-connections';
import { evaluatedPods } from '../../lib/validation/evaluated-pods';
import { NetworkAgreement, networkAgreementProblems } from '../../lib/validation/network-agreement';
import { EvaluatedPod, NetworkEvaluation } from '../../lib/validation/network-evaluation';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { seed } from '../property/settings';
import { synthModelAndManifests } from '../support/synth';

const SERVICE_LABEL = 'zero-trust.cdk8s.io/service';
/** From "every selection pod by pod" (large) to "every selection per class" (0). */
const THRESHOLDS = [0, 1, 2, 4, 8, 1000];

/**
 * The oracle: every (caller, target) pair on its own, the declared ports from each flow's own list of
 * callers, the allowed ones from each pod's full egress and ingress maps.
 */
function pairByPair(model: BlueprintModel, manifests: readonly any[], pods: ReadonlyMap<ServiceModel, EvaluatedPod>): string[] {
  const network = new NetworkEvaluation(manifests, [...pods.values()]);
  const serviceOf = new Map([...pods].map(([s, p]) => [p, s]));
  const expected = new Map<ServiceModel, Map<ServiceModel, PortSet>>();
  for (const flow of [...model.connectivity.inbound.values()].flat()) {
    const ports = flow.ports.reduce((set, p) => set.union(PortSet.of(p.protocol, p.targetPort)), PortSet.EMPTY);
    for (const caller of flow.callers.filter((c) => c !== flow.target)) {
      const byCaller = expected.get(flow.target) ?? new Map<ServiceModel, PortSet>();
      byCaller.set(caller, (byCaller.get(caller) ?? PortSet.EMPTY).union(ports));
      expected.set(flow.target, byCaller);
    }
  }
  const egress = new Map([...pods].map(([s, p]) => [s, network.peers(p, 'Egress')]));
  const problems: string[] = [];
  for (const [target, pod] of pods) {
    const ingress = network.peers(pod, 'Ingress');
    if (ingress === undefined) {
      problems.push(`[ZT-LAYER-008] no NetworkPolicy isolates "${target.name}" (${target.namespace}) for ingress: every pod may reach it; restore the zone's default-deny policy`);
    }
    const declaredCallers = expected.get(target) ?? new Map<ServiceModel, PortSet>();
    const callers = [...declaredCallers.keys()];
    for (const p of ingress?.keys() ?? []) {
      if (!declaredCallers.has(serviceOf.get(p)!)) callers.push(serviceOf.get(p)!);
    }
    for (const caller of callers) {
      if (caller === target) continue;
      const allowed = network.allowed(pods.get(caller)!, pod, egress.get(caller), ingress);
      const declared = declaredCallers.get(caller) ?? PortSet.EMPTY;
      const plumbed = !declared.isEmpty && caller.meshed && target.meshed && declared.hasProtocol('TCP') ? declared.union(PortSet.of('TCP', LINKERD_PORTS.proxyInbound)) : declared;
      const missing = plumbed.minus(allowed);
      const extra = allowed.minus(caller.metricsScraper && target.meshed ? plumbed.union(PortSet.of('TCP', LINKERD_PORTS.proxyAdmin)) : plumbed);
      if (!missing.isEmpty) problems.push(`[ZT-LAYER-001] the NetworkPolicies block "${caller.name}" -> "${target.name}" on ${missing}, which the blueprint declares: a patched or removed policy`);
      if (!extra.isEmpty) problems.push(`[ZT-LAYER-002] the NetworkPolicies allow "${caller.name}" -> "${target.name}" on ${extra}, which no flow declares: a patched or added policy`);
    }
  }
  return problems;
}

/** Patches as a user might write them, aimed at shared selections too (`In` lists, zone-wide policies). */
const change = fc.record({
  policy: fc.nat(),
  pick: fc.nat(),
  op: fc.constantFrom('drop-rule', 'drop-in-value', 'add-in-value', 'widen-peer', 'narrow-ports', 'select-all-pods', 'select-some-pods', 'add-policy', 'drop-policy', 'ingress-only', 'rule-without-peers'),
});
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

function apply(manifests: any[], pods: readonly EvaluatedPod[], c: Change): void {
  // Mostly the policies with rules (a default-deny policy has none), so that most patches change something.
  const all = manifests.filter((o) => o.kind === 'NetworkPolicy');
  const withRules = all.filter((o) => (o.spec.ingress ?? []).length + (o.spec.egress ?? []).length > 0);
  const policies = c.policy % 4 === 0 || withRules.length === 0 ? all : withRules;
  const policy = policies[c.policy % policies.length];
  const direction: 'ingress' | 'egress' = (policy.spec.ingress ?? []).length > 0 && (c.pick % 2 === 0 || !policy.spec.egress) ? 'ingress' : 'egress';
  const peersOf = direction === 'ingress' ? 'from' : 'to';
  const rules: any[] = policy.spec[direction] ?? [];
  const rule = rules[c.pick % Math.max(1, rules.length)];
  const names = pods.map((p) => p.labels[SERVICE_LABEL]).filter((n) => n !== undefined);
  const some = (k: number) => names.filter((_, i) => (i + k) % 3 === 0);
  const inLists = [policy.spec.podSelector, ...rules.flatMap((r) => (r[peersOf] ?? []).map((p: any) => p.podSelector))]
    .flatMap((s) => s?.matchExpressions ?? []).filter((e: any) => e.operator === 'In');
  switch (c.op) {
    case 'drop-rule': rules.splice(c.pick % Math.max(1, rules.length), 1); break;
    case 'drop-in-value': { const e = inLists[c.pick % Math.max(1, inLists.length)]; e?.values.splice(c.pick % e.values.length, 1); break; }
    case 'add-in-value': { const e = inLists[c.pick % Math.max(1, inLists.length)]; e?.values.push(names[c.pick % names.length]); break; }
    case 'widen-peer': if (rule?.[peersOf]?.[0]) rule[peersOf][0] = { namespaceSelector: {} }; break;
    case 'narrow-ports': if (rule) rule.ports = [{ port: 8080 + (c.pick % 3), protocol: 'TCP' }]; break;
    case 'select-all-pods': policy.spec.podSelector = {}; break;
    case 'select-some-pods': policy.spec.podSelector = { matchExpressions: [{ key: SERVICE_LABEL, operator: 'In', values: some(c.pick) }] }; break;
    case 'add-policy': {
      // Both sides, so that the connection opens: ingress on some pods from others, egress back to them.
      const ns = pods[c.pick % pods.length].namespace;
      const selector = (k: number) => (c.pick + k) % 4 === 0 ? {} : { matchExpressions: [{ key: SERVICE_LABEL, operator: 'In', values: some(c.pick + k) }] };
      const added = (type: 'Ingress' | 'Egress', subjects: any, peers: any) => ({
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `added-${type.toLowerCase()}-${c.pick}`, namespace: ns },
        spec: { podSelector: subjects, policyTypes: [type], [type === 'Ingress' ? 'ingress' : 'egress']: [{ [type === 'Ingress' ? 'from' : 'to']: [{ namespaceSelector: {}, podSelector: peers }], ports: [{ port: 8080, protocol: 'TCP' }] }] },
      });
      manifests.push(added('Ingress', selector(1), selector(2)), added('Egress', selector(2), selector(1)));
      break;
    }
    case 'drop-policy': manifests.splice(manifests.indexOf(policy), 1); break;
    case 'ingress-only': policy.spec.policyTypes = ['Ingress']; break;
    case 'rule-without-peers': if (rule) delete rule[peersOf]; break;
  }
}


const SEED = seed();

describe(`the layer check's grouped NetworkPolicy evaluation against a pair-by-pair oracle (seed ${SEED})`, () => {
  const cases = fc.sample(fc.tuple(validBlueprint.filter((b) => b.services.length > 2), fc.array(change, { minLength: 2, maxLength: 6 })), { seed: SEED, numRuns: 60 });
  let reported = 0;

  it.each(cases.map((c, i) => [i, c] as const))('reports the same problems in the same order (case %i)', (_, [props, changes]) => {
    const { model, manifests } = synthModelAndManifests(props);
    const pods = evaluatedPods(model);
    // The zone and role flows' callers, which the grouped check takes from their caller groups.
    for (const [flow, group] of model.connectivity.callerGroupOf) {
      expect(group.members.filter((m) => m !== flow.target)).toEqual(flow.callers);
    }
    // Unpatched: no problem, and every isolated target is confirmed per class, whatever the threshold.
    expect(pairByPair(model, manifests, pods)).toEqual([]);
    for (const threshold of THRESHOLDS) {
      const network = new NetworkEvaluation(manifests, [...pods.values()]);
      const agreement = new NetworkAgreement(network, pods, new DeclaredConnections(model), threshold);
      expect(model.services.filter((s) => !agreement.agrees(s)).map((s) => s.name), `threshold ${threshold}`).toEqual([]);
    }
    // Fresh objects, as every synthesis renders them (the evaluations keep sets per selector object).
    const patched = structuredClone(manifests);
    changes.forEach((c) => apply(patched, [...pods.values()], c));
    const expected = pairByPair(model, patched, pods);
    reported += expected.length > 0 ? 1 : 0;
    for (const threshold of THRESHOLDS) {
      expect(networkAgreementProblems(model, patched, pods, threshold), `threshold ${threshold}`).toEqual(expected);
    }
  });

  it('saw problems in many cases (the patches are not all no-ops)', () => {
    expect(reported).toBeGreaterThan(cases.length / 3);
  });
});
