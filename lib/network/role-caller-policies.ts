import { NetworkPolicyIngressRule as IngressRule, NetworkPolicyPort as PolicyPort } from 'cdk8s-plus-27/lib/imports/k8s';
import { BlueprintModel, FlowModel, FlowSourceKind, ServiceModel, ZoneModel } from '../model';
import { GroupCallsModel } from '../model/connectivity-model';
import { meshCovers } from '../model/mesh-membership';
import { callerGroupEgressPolicies, policyNameHash } from './caller-group-egress';
import type { PlannedNetworkPolicy } from './network-policy-plan';
import { flowPorts } from './peers';
import { callerIngressRules, servicesByNamespace, servicesSelector } from './service-groups';
import { compareNames } from '../name-order';

/**
 * Role flows (`allowFrom: [{ roles }]`) as caller groups, so that their policies grow with the holders
 * plus the targets, never with their product:
 *
 * - ingress, in each target namespace, one policy per (group, ports, whether the targets are meshed):
 *   its pod selector groups the targets, its peers are the holders (one per holder namespace);
 * - egress, in each holder namespace, one policy per group selecting its holders there, with one rule
 *   per (target namespace, ports) that groups the targets.
 *
 * Only meshed holders reach the proxy port 4143 of meshed targets: the ingress gives it to them in a rule
 * of their own, and the egress policy is split in `-meshed` and `-unmeshed` where the holders mix.
 */
export function planRoleCallerPolicies(model: BlueprintModel, zone: ZoneModel): PlannedNetworkPolicy[] {
  const policies: PlannedNetworkPolicy[] = [];
  for (const calls of model.connectivity.groupCalls.filter((c) => c.group.kind === FlowSourceKind.ROLES)) {
    policies.push(...ingressPolicies(model, zone, calls), ...egressPolicies(model, zone, calls));
  }
  return policies;
}

/**
 * The ingress rules a role flow opens on `target`, as the grouped policies open them: the rules the
 * target's ingress would have if it listed its role callers itself (for the Keycloak operator's policy,
 * which holds Keycloak's callers in one object).
 */
export function roleIngressRules(model: BlueprintModel, flow: FlowModel, target: ServiceModel): IngressRule[] {
  const group = model.connectivity.callerGroupOf.get(flow);
  return group ? callerIngressRules(model, group.members, target, flow) : [];
}

function ingressPolicies(model: BlueprintModel, zone: ZoneModel, { group, flows }: GroupCallsModel): PlannedNetworkPolicy[] {
  // Targets whose flows open the same ports, with or without the proxy port: one policy (any of the flows stands for them).
  const buckets = new Map<string, { flow: FlowModel; targets: ServiceModel[] }>();
  for (const flow of flows.filter((f) => f.target.namespace === zone.namespace)) {
    const ports = flowPorts(flow.ports, false);
    // Unmeshed targets of TCP ports get no 4143: a policy apart (without TCP, no target has it).
    const unmeshed = !proxyable(flow) && ports.some((p) => p.protocol === 'TCP');
    const key = `${unmeshed ? 'unmeshed-' : ''}${ports.map(portName).join('-')}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.targets.push(flow.target);
    else buckets.set(key, { flow, targets: [flow.target] });
  }
  const universe = servicesByNamespace(model).get(zone.namespace) ?? [];
  return [...buckets].sort(([a], [b]) => compareNames(a, b)).map(([key, { flow, targets }]) => ({
    name: `allow-${group.name}-to-${key.length <= 60 ? key : `ports-${policyNameHash(key)}`}`,
    namespace: zone.namespace,
    spec: {
      podSelector: servicesSelector(targets, universe),
      policyTypes: ['Ingress'],
      ingress: callerIngressRules(model, group.members, flow.target, flow),
    },
  }));
}

function egressPolicies(model: BlueprintModel, zone: ZoneModel, { group, flows }: GroupCallsModel): PlannedNetworkPolicy[] {
  const here = group.members.filter((s) => s.namespace === zone.namespace);
  return callerGroupEgressPolicies(model, zone.namespace, here, flows, `allow-${group.name}`);
}

/** Whether a meshed caller of `flow` goes through the target's proxy (a meshed target, a TCP port). */
function proxyable(flow: FlowModel): boolean {
  return flow.ports.some((p) => meshCovers(flow.target, p));
}

function portName(p: PolicyPort): string {
  return `${(p.protocol ?? 'TCP').toLowerCase()}-${p.port?.value}`;
}
