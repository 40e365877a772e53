import { createHash } from 'crypto';
import { BlueprintModel, FlowSourceKind, ZoneModel } from '../model';
import { needsProxyInbound } from '../model/mesh-membership';
import type { PlannedNetworkPolicy } from './network-policy-plan';
import { flowPorts } from './peers';
import { groupedCallRules, servicesByNamespace, servicesSelector } from './service-groups';

/**
 * The caller side of zone flows: one namespace-wide egress policy in the calling zone per set of callers
 * (the zone, or the zone but its `except`), instead of one rule per (caller, target) in each caller's
 * own policy. Its pod selector admits exactly those services' pods; its rules share one peer per
 * (namespace, ports) of the targets. Where the callers mix meshed and unmeshed workloads, the meshed
 * ones get their own policy, so only they reach the targets' proxy port 4143.
 */
export function planZoneCallerPolicies(model: BlueprintModel, zone: ZoneModel): PlannedNetworkPolicy[] {
  const calls = model.connectivity.groupCalls
    .filter((c) => c.group.kind === FlowSourceKind.ZONE && c.group.zone === zone)
    .map((c) => ({ key: c.group.except.join(','), ...c }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const universe = servicesByNamespace(model).get(zone.namespace) ?? [];
  const policies: PlannedNetworkPolicy[] = [];
  for (const { key, group, flows } of calls) {
    const meshed = group.members.filter((c) => c.meshed);
    const unmeshed = group.members.filter((c) => !c.meshed);
    const split = meshed.length > 0 && unmeshed.length > 0;
    const base = key === '' ? 'allow-zone-calls' : `allow-zone-calls-except-${shortHash(key)}`;
    for (const [members, suffix] of [[meshed, split ? '-meshed' : ''], [unmeshed, split ? '-unmeshed' : '']] as const) {
      if (members.length === 0) continue;
      const caller = { meshed: members[0].meshed };
      const egress = groupedCallRules(model, flows.map((f) => ({ target: f.target, ports: flowPorts(f.ports, needsProxyInbound(caller, f.target, f.ports)) })), zone.namespace);
      policies.push({
        name: `${base}${suffix}`,
        namespace: zone.namespace,
        spec: { podSelector: servicesSelector(members, universe), policyTypes: ['Egress'], egress },
      });
    }
  }
  return policies;
}

/** A short stable name part for a set of excepted services (their names may not fit a policy name). */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
