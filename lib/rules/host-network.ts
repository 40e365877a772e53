import { podTemplateOf, resourceId } from './manifest-objects';
import { Rule, RuleSeverity, RuleViolation } from './rule';

/** A pod on the node's network is not isolated by NetworkPolicies and not redirected through the proxy. */
export const HOST_NETWORK: Rule = {
  id: 'ZT-RULE-009',
  name: 'no-host-network',
  severity: RuleSeverity.ERROR,
  description: 'No workload runs on the host network: NetworkPolicies do not isolate such pods (most CNIs) and Linkerd cannot mesh them, so neither layer of the zero-trust policy applies.',
  fix: 'Remove `hostNetwork: true` from the pod template; expose the workload through a Service instead.',
  check(objects: readonly any[]): RuleViolation[] {
    return objects.flatMap((object) => {
      const pod = podTemplateOf(object);
      return pod?.template?.spec?.hostNetwork === true
        ? [{ object, path: `${pod.path}spec.hostNetwork`, message: `${resourceId(object)} runs its pods on the host network` }]
        : [];
    });
  },
};
