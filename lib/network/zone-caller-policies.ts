import { BlueprintModel, FlowSourceKind, ZoneModel } from '../model';
import { callerGroupEgressPolicies, policyNameHash } from './caller-group-egress';
import type { PlannedNetworkPolicy } from './network-policy-plan';
import { compareNames } from '../name-order';

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
    .sort((a, b) => compareNames(a.key, b.key));
  return calls.flatMap(({ key, group, flows }) => callerGroupEgressPolicies(model, zone.namespace, group.members, flows,
    key === '' ? 'allow-zone-calls' : `allow-zone-calls-except-${policyNameHash(key)}`));
}
