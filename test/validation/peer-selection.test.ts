// The NetworkPolicy evaluation selects a peer one of two ways: directly when its index entry holds a few
// pods, or once per distinct peer (kept by its JSON) when it may select more. Both must select exactly
// the pods Kubernetes selects, whatever the sizes: generated pods whose label values recur more or less
// than the threshold, against selector semantics written out here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvaluatedPod, NetworkEvaluation } from '../../lib/validation/network-evaluation';
import { TwoKeyIndex } from '../../lib/validation/two-key-index';
import { seed } from '../property/settings';

const NAMESPACES = ['a', 'b', 'c'];
const label = fc.record({ tier: fc.constantFrom('web', 'api', 'db'), team: fc.constantFrom('x', 'y'), app: fc.constantFrom('p0', 'p1', 'p2', 'p3') });
const pods = fc.array(fc.tuple(fc.constantFrom(...NAMESPACES), label, fc.boolean()), { minLength: 2, maxLength: 40 });
const podSelector = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ tier: fc.constantFrom('web', 'api', 'db') }) }),
  fc.record({ matchLabels: fc.record({ app: fc.constantFrom('p0', 'p1', 'p2', 'p3'), team: fc.constantFrom('x', 'y') }) }),
  fc.record({ matchExpressions: fc.constant([{ key: 'extra', operator: 'Exists' }]) }),
  fc.record({ matchExpressions: fc.tuple(fc.subarray(['p0', 'p1', 'p2', 'p3'])).map(([values]) => [{ key: 'app', operator: 'In', values }]) }),
);
const namespaceSelector = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NAMESPACES) }) }),
  fc.record({ matchExpressions: fc.tuple(fc.subarray(NAMESPACES)).map(([values]) => [{ key: 'kubernetes.io/metadata.name', operator: 'In', values }]) }),
);
const peer = fc.record({ podSelector, namespaceSelector }).map(({ podSelector: p, namespaceSelector: n }) => (n === undefined ? { podSelector: p } : { podSelector: p, namespaceSelector: n }));
const policies = fc.array(fc.tuple(fc.constantFrom(...NAMESPACES), fc.array(peer, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 12 });

/** Label selector semantics for the shapes generated here. */
function matches(selector: any, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: any) => (e.operator === 'Exists' ? k(labels, e.key) : k(labels, e.key) && e.values.includes(labels[e.key])));
  return byLabels && byExpressions;
}
const k = (labels: Record<string, string>, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

const SEED = seed();

describe(`NetworkPolicy peer selection, direct or kept per peer (seed ${SEED})`, () => {
  it('selects exactly the pods Kubernetes selects, for index entries below and above the threshold', () => {
    fc.assert(fc.property(pods, policies, (generated, generatedPolicies) => {
      const evaluated: EvaluatedPod[] = generated.map(([namespace, labels, extra], i) => ({
        id: `${namespace}/p${i}`, namespace, labels: extra ? { ...labels, extra: 'yes' } : { ...labels }, namedPorts: new Map(),
      }));
      // Each pod is the target of every policy of its namespace: one ingress rule per generated peer list.
      const manifests = [
        ...NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
        ...generatedPolicies.map(([namespace, from], i) => ({
          apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace },
          spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from, ports: [{ port: 80 + i, protocol: 'TCP' }] }] },
        })),
      ];
      const network = new NetworkEvaluation(manifests, evaluated);
      for (const target of evaluated) {
        const expected = new Map<string, number[]>();
        generatedPolicies.forEach(([namespace, from], i) => {
          if (namespace !== target.namespace) return;
          for (const source of evaluated) {
            if (source === target) continue;
            const selected = from.some((p: any) => {
              const nsLabels = { 'kubernetes.io/metadata.name': source.namespace };
              const inNamespace = p.namespaceSelector === undefined ? source.namespace === namespace : matches(p.namespaceSelector, nsLabels);
              return inNamespace && matches(p.podSelector, source.labels as Record<string, string>);
            });
            if (selected) expected.set(source.id, [...(expected.get(source.id) ?? []), 80 + i]);
          }
        });
        const found = network.peers(target, 'Ingress');
        const hasPolicy = generatedPolicies.some(([namespace]) => namespace === target.namespace);
        if (!hasPolicy) {
          expect(found).toBeUndefined();
          continue;
        }
        const actual = new Map([...found!].map(([pod, ports]) => [pod.id, ports.toString()]));
        const oracle = new Map([...expected].map(([id, ports]) => [id, `TCP ${mergedRanges(ports)}`]));
        expect(actual, `into ${target.id}`).toEqual(oracle);
      }
    }), { seed: SEED, numRuns: 150 });
  });
});

describe('TwoKeyIndex', () => {
  it('compares its keys as strings, as a joined key would, and keeps the order of insertion', () => {
    const index = new TwoKeyIndex<string>();
    index.push('ns', 8080, 'first');
    index.push('ns', '8080', 'second');
    index.push(undefined, 'x', 'third');
    expect(index.get('ns', '8080')).toEqual(['first', 'second']);
    expect(index.get('ns', 8080)).toEqual(['first', 'second']);
    expect(index.get('undefined', 'x')).toEqual(['third']);
    expect(index.get('ns', 'x')).toBeUndefined();
    expect(index.get('other', '8080')).toBeUndefined();
  });
});

/** `80,82-83` from ports (the evaluation merges adjacent ports into ranges). */
function mergedRanges(ports: number[]): string {
  const sorted = [...new Set(ports)].sort((x, y) => x - y);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(',');
}
