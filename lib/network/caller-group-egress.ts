import { createHash } from 'crypto';
import { BlueprintModel, FlowModel, ServiceModel } from '../model';
import { needsProxyInbound } from '../model/mesh-membership';
import type { PlannedNetworkPolicy } from './network-policy-plan';
import { flowPorts } from './peers';
import { groupedCallRules, servicesByNamespace, servicesSelector } from './service-groups';

/**
 * The caller side of a caller group's flows in one namespace: one egress policy `name` selecting the
 * group's `members` there, with one rule per (target namespace, ports) of the flows' targets. Where the
 * members mix meshed and unmeshed workloads, the policy is split in `<name>-meshed` and `<name>-unmeshed`,
 * so only meshed callers reach the targets' proxy port 4143.
 */
export function callerGroupEgressPolicies(model: BlueprintModel, namespace: string, members: readonly ServiceModel[], flows: readonly FlowModel[], name: string): PlannedNetworkPolicy[] {
  const meshed = members.filter((s) => s.meshed);
  const unmeshed = members.filter((s) => !s.meshed);
  const split = meshed.length > 0 && unmeshed.length > 0;
  const universe = servicesByNamespace(model).get(namespace) ?? [];
  const policies: PlannedNetworkPolicy[] = [];
  for (const [callers, suffix] of [[meshed, split ? '-meshed' : ''], [unmeshed, split ? '-unmeshed' : '']] as const) {
    if (callers.length === 0) continue;
    const caller = { meshed: callers[0].meshed };
    const calls = flows.map((f) => ({ target: f.target, ports: flowPorts(f.ports, needsProxyInbound(caller, f.target, f.ports)) }));
    policies.push({
      name: `${name}${suffix}`,
      namespace,
      spec: { podSelector: servicesSelector(callers, universe), policyTypes: ['Egress'], egress: groupedCallRules(model, calls, namespace) },
    });
  }
  return policies;
}

/** A short stable name part (10 hex digits of sha256) for text that may not fit a policy name. */
export function policyNameHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
