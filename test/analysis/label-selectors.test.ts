import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selects } from '../../lib/analysis/cluster-view';
import { NetworkEvaluation } from '../../lib/validation/network-evaluation';
import { selectorMatches } from '../support/peer-services';

// Set-based selectors (matchExpressions In / NotIn / Exists / DoesNotExist), as grouped NetworkPolicy
// peers use them, evaluated by the analyzers and the synth-time check exactly as Kubernetes does:
// compared with an independent reading of the selector on generated labels and selectors.

const KEYS = ['zero-trust.cdk8s.io/service', 'app.kubernetes.io/name', 'tier'];
const VALUES = ['a', 'b', 'c', 'd'];
const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const expressionArb = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1 }) }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const selectorArb = fc.record({ matchLabels: labelsArb, matchExpressions: fc.array(expressionArb, { maxLength: 3 }) }, { requiredKeys: [] });

describe('label selectors with matchExpressions', () => {
  it('select the same labels in the analyzers as Kubernetes defines', () => {
    fc.assert(fc.property(selectorArb, labelsArb, (selector, labels) => {
      expect(selects(selector, labels)).toBe(selectorMatches(selector, labels));
    }), { seed: 10, numRuns: 2000 });
  });

  it('select the same peers in the synth-time check, whatever requirement its index starts from', () => {
    const podsArb = fc.array(fc.record({ namespace: fc.constantFrom('app', 'data'), labels: labelsArb }), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(podsArb, selectorArb, fc.boolean(), (generated, selector, otherNamespace) => {
      const pods = generated.map((p, i) => ({ id: `p${i}`, namespace: p.namespace, labels: p.labels, namedPorts: new Map() }));
      const target = { id: 'target', namespace: 'app', labels: { role: 'target' }, namedPorts: new Map() };
      const peer = otherNamespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: selector } : { podSelector: selector };
      const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'app' },
        spec: { podSelector: { matchLabels: { role: 'target' } }, policyTypes: ['Ingress'], ingress: [{ from: [peer], ports: [{ protocol: 'TCP', port: 80 }] }] } };
      const evaluation = new NetworkEvaluation([policy], [target, ...pods]);
      const admitted = [...(evaluation.peers(target, 'Ingress')?.keys() ?? [])].map((p) => p.id).sort();
      const expected = pods.filter((p) => p.namespace === (otherNamespace ? 'data' : 'app') && selectorMatches(selector, p.labels)).map((p) => p.id).sort();
      expect(admitted).toEqual(expected);
    }), { seed: 10, numRuns: 500 });
  });
});
