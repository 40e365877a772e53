import { createHash } from 'crypto';
import { NetworkPolicyIngressRule as IngressRule, NetworkPolicyPort as PolicyPort } from 'cdk8s-plus-27/lib/imports/k8s';
import { BlueprintModel, FlowModel, FlowSourceKind, LINKERD_PORTS, ServiceModel, ZoneModel } from '../model';
import { GroupCallsModel } from '../model/connectivity-model';
import { meshCovers, needsProxyInbound } from '../model/mesh-membership';
import type { PlannedNetworkPolicy } from './network-policy-plan';
import { flowPorts, tcpPort } from './peers';
import { groupedCallRules, servicesByNamespace, servicesPeers, servicesSelector } from './service-groups';

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
  return group ? holderRules(model, group.members, target.namespace, flowPorts(flow.ports, false), proxyable(target, flow)) : [];
}

function ingressPolicies(model: BlueprintModel, zone: ZoneModel, { group, flows }: GroupCallsModel): PlannedNetworkPolicy[] {
  const buckets = new Map<string, { ports: PolicyPort[]; proxied: boolean; targets: ServiceModel[] }>();
  for (const flow of flows.filter((f) => f.target.namespace === zone.namespace)) {
    const ports = flowPorts(flow.ports, false);
    const proxied = proxyable(flow.target, flow);
    const key = `${proxied ? '' : 'unmeshed-'}${ports.map(portName).join('-')}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.targets.push(flow.target);
    else buckets.set(key, { ports, proxied, targets: [flow.target] });
  }
  const universe = servicesByNamespace(model).get(zone.namespace) ?? [];
  return [...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([key, { ports, proxied, targets }]) => ({
    name: `allow-${group.name}-to-${key.length <= 60 ? key : `ports-${shortHash(key)}`}`,
    namespace: zone.namespace,
    spec: {
      podSelector: servicesSelector(targets, universe),
      policyTypes: ['Ingress'],
      ingress: holderRules(model, group.members, zone.namespace, ports, proxied),
    },
  }));
}

function egressPolicies(model: BlueprintModel, zone: ZoneModel, { group, flows }: GroupCallsModel): PlannedNetworkPolicy[] {
  const here = group.members.filter((s) => s.namespace === zone.namespace);
  const meshed = here.filter((s) => s.meshed);
  const unmeshed = here.filter((s) => !s.meshed);
  const split = meshed.length > 0 && unmeshed.length > 0;
  const universe = servicesByNamespace(model).get(zone.namespace) ?? [];
  const policies: PlannedNetworkPolicy[] = [];
  for (const [members, suffix] of [[meshed, split ? '-meshed' : ''], [unmeshed, split ? '-unmeshed' : '']] as const) {
    if (members.length === 0) continue;
    const caller = { meshed: members[0].meshed };
    const calls = flows.map((f) => ({ target: f.target, ports: flowPorts(f.ports, needsProxyInbound(caller, f.target, f.ports)) }));
    policies.push({
      name: `allow-${group.name}${suffix}`,
      namespace: zone.namespace,
      spec: { podSelector: servicesSelector(members, universe), policyTypes: ['Egress'], egress: groupedCallRules(model, calls, zone.namespace) },
    });
  }
  return policies;
}

/** The holders on `ports`, and 4143 for the meshed ones when the targets are meshed: `from: []` never, it would admit every source. */
function holderRules(model: BlueprintModel, holders: readonly ServiceModel[], namespace: string, ports: PolicyPort[], proxied: boolean): IngressRule[] {
  if (holders.length === 0) {
    return [];
  }
  const from = servicesPeers(model, holders, namespace);
  const meshed = proxied ? holders.filter((h) => h.meshed) : [];
  const proxyPort = tcpPort(LINKERD_PORTS.proxyInbound);
  if (meshed.length === holders.length) {
    return [{ from, ports: ports.some((p) => portName(p) === portName(proxyPort)) ? ports : [...ports, proxyPort] }];
  }
  const rules: IngressRule[] = [{ from, ports }];
  if (meshed.length > 0) {
    rules.push({ from: servicesPeers(model, meshed, namespace), ports: [proxyPort] });
  }
  return rules;
}

/** Whether a meshed caller of `flow` goes through the target's proxy (a meshed target, a TCP port). */
function proxyable(target: ServiceModel, flow: FlowModel): boolean {
  return flow.ports.some((p) => meshCovers(target, p));
}

function portName(p: PolicyPort): string {
  return `${(p.protocol ?? 'TCP').toLowerCase()}-${p.port?.value}`;
}

/** A short stable name part for a list of ports too long for a policy name. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
