import { objectsOf, selectsAll } from './manifest-objects';
import { Rule, RuleSeverity, RuleViolation } from './rule';

/**
 * `namespaceSelector: {}` selects every namespace: with a podSelector, any pod of any namespace that
 * carries (or is given) those labels is a peer; alone, every pod of the cluster is.
 */
export const ANY_NAMESPACE_PEER: Rule = {
  id: 'ZT-RULE-003',
  name: 'no-any-namespace-peer',
  severity: RuleSeverity.ERROR,
  description: 'No NetworkPolicy peer selects pods in every namespace (`namespaceSelector: {}`): anyone who can create a pod with the right labels in any namespace becomes a peer.',
  fix: 'Pin the peer\'s namespace with `namespaceSelector.matchLabels` on `kubernetes.io/metadata.name` (the API server sets it and namespaces cannot forge it).',
  check(objects: readonly any[]): RuleViolation[] {
    const out: RuleViolation[] = [];
    for (const policy of objectsOf(objects, 'NetworkPolicy', 'networking.k8s.io')) {
      for (const [direction, field] of [['ingress', 'from'], ['egress', 'to']] as const) {
        (policy.spec?.[direction] ?? []).forEach((rule: any, i: number) => {
          (rule?.[field] ?? []).forEach((peer: any, j: number) => {
            if (peer?.namespaceSelector !== undefined && selectsAll(peer.namespaceSelector)) {
              const pods = peer.podSelector !== undefined && !selectsAll(peer.podSelector)
                ? `pods labelled ${JSON.stringify(peer.podSelector)} in any namespace`
                : 'every pod of every namespace';
              out.push({ object: policy, path: `spec.${direction}[${i}].${field}[${j}].namespaceSelector`, message: `the peer selects ${pods}` });
            }
          });
        });
      }
    }
    return out;
  },
};
