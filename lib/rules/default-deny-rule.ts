import { workloadTemplates } from '../analysis/workload-templates';
import { policyTypes } from '../analysis/policy-rules';
import { namespaceOf, objectsOf, selectsAll } from './manifest-objects';
import { Rule, RuleInfo, RuleViolation } from './rule';

/**
 * The default-deny check of one direction: every namespace with workloads has a NetworkPolicy that
 * selects all its pods, governs the direction and allows nothing in it. Reported on each namespace's
 * first workload, so an acknowledgment names a concrete object.
 */
export function defaultDenyRule(info: RuleInfo, direction: 'Ingress' | 'Egress'): Rule {
  return {
    ...info,
    check(objects: readonly any[]): RuleViolation[] {
      const denied = new Set(objectsOf(objects, 'NetworkPolicy', 'networking.k8s.io')
        .filter((p) => selectsAll(p.spec?.podSelector) && policyTypes(p).includes(direction))
        .filter((p) => ((direction === 'Ingress' ? p.spec?.ingress : p.spec?.egress) ?? []).length === 0)
        .map(namespaceOf));
      const firstWorkload = new Map<string, any>();
      const workloadNames = new Set(workloadTemplates(objects).map((w) => `${w.kind}/${w.namespace}/${w.name}`));
      for (const o of objects) {
        if (workloadNames.has(`${o?.kind}/${namespaceOf(o)}/${o?.metadata?.name}`) && !firstWorkload.has(namespaceOf(o))) {
          firstWorkload.set(namespaceOf(o), o);
        }
      }
      return [...firstWorkload].filter(([ns]) => !denied.has(ns)).map(([ns, object]) => ({
        object,
        path: '',
        message: `namespace "${ns}" runs workloads but has no default-deny ${direction.toLowerCase()} NetworkPolicy (podSelector {}, policyTypes [${direction}], no ${direction.toLowerCase()} rules): every pod not selected by another policy is open ${direction === 'Ingress' ? 'to' : 'from'} anything`,
      }));
    },
  };
}
