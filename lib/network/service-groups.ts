import { NetworkPolicyIngressRule as IngressRule, LabelSelector, NetworkPolicyPeer as Peer, NetworkPolicyPort as PolicyPort } from 'cdk8s-plus-27/lib/imports/k8s';
import { LABELS } from '../labels';
import { BlueprintModel, FlowModel, LINKERD_PORTS, ServiceModel } from '../model';
import { proxiesInbound } from '../model/mesh-membership';
import { flowPorts, namespaceSelector, tcpPort } from './peers';

/**
 * The blueprint services of each namespace, derived once per model: the universe a grouped selector is
 * exact against (every pod carrying `zero-trust.cdk8s.io/service` in a zone namespace is one of them).
 */
const universes = new WeakMap<BlueprintModel, ReadonlyMap<string, readonly ServiceModel[]>>();

export function servicesByNamespace(model: BlueprintModel): ReadonlyMap<string, readonly ServiceModel[]> {
  let map = universes.get(model);
  if (!map) {
    const built = new Map<string, ServiceModel[]>();
    for (const s of model.services) {
      const list = built.get(s.namespace);
      if (list) list.push(s);
      else built.set(s.namespace, [s]);
    }
    map = built;
    universes.set(model, map);
  }
  return map;
}

/**
 * A pod selector for exactly `members`, blueprint services of one namespace whose services are
 * `universe`. One service keeps its own selector; more share one expression on the service label
 * every service pod carries: `Exists` when they are the whole namespace, `Exists` + `NotIn` the others
 * when those are fewer, else `In` the members. Its size is bounded by the smaller of the two lists,
 * never by the number of rules it replaces.
 */
export function servicesSelector(members: readonly ServiceModel[], universe: readonly ServiceModel[]): LabelSelector {
  const unique = [...new Set(members)];
  if (unique.length === 1) {
    return { matchLabels: { ...unique[0].selector } };
  }
  const inside = new Set(unique);
  const others = universe.filter((s) => !inside.has(s)).map((s) => s.name).sort();
  const exists = { key: LABELS.service, operator: 'Exists' };
  if (others.length === 0) {
    return { matchExpressions: [exists] };
  }
  if (others.length < unique.length) {
    return { matchExpressions: [exists, { key: LABELS.service, operator: 'NotIn', values: others }] };
  }
  return { matchExpressions: [{ key: LABELS.service, operator: 'In', values: unique.map((s) => s.name).sort() }] };
}

/** One peer per namespace (in order of first appearance) admitting exactly `services`, seen from `fromNamespace`. */
export function servicesPeers(model: BlueprintModel, services: readonly ServiceModel[], fromNamespace: string): Peer[] {
  if (services.length === 1) { // most calls name one service: its own selector, without grouping
    const podSelector = { matchLabels: { ...services[0].selector } };
    return [services[0].namespace === fromNamespace ? { podSelector } : { namespaceSelector: namespaceSelector(services[0].namespace), podSelector }];
  }
  const byNamespace = new Map<string, ServiceModel[]>();
  for (let i = 0; i < services.length; i++) {
    const s = services[i];
    const list = byNamespace.get(s.namespace);
    if (list) list.push(s);
    else byNamespace.set(s.namespace, [s]);
  }
  const universe = servicesByNamespace(model);
  const peers: Peer[] = [];
  byNamespace.forEach((members, ns) => {
    const podSelector = servicesSelector(members, universe.get(ns) ?? members);
    peers.push(ns === fromNamespace ? { podSelector } : { namespaceSelector: namespaceSelector(ns), podSelector });
  });
  return peers;
}

/** A destination and the ports a rule opens on it. */
export interface ServiceCall {
  readonly target: ServiceModel;
  readonly ports: readonly PolicyPort[];
}

/**
 * Egress rules for `calls`: the targets with the same ports in the same namespace share one rule (one
 * grouped peer), in order of first appearance, so a caller of every service of a zone has one rule.
 */
export function groupedCallRules(model: BlueprintModel, calls: readonly ServiceCall[], fromNamespace: string): { to: Peer[]; ports: PolicyPort[] }[] {
  const groups = new Map<string, { targets: ServiceModel[]; ports: PolicyPort[] }>();
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const ports = call.ports;
    let key = call.target.namespace;
    for (let j = 0; j < ports.length; j++) {
      key += `\u0000${ports[j].protocol}/${ports[j].port?.value}`;
    }
    const group = groups.get(key);
    if (group) group.targets.push(call.target);
    else groups.set(key, { targets: [call.target], ports: ports.slice() });
  }
  const rules: { to: Peer[]; ports: PolicyPort[] }[] = [];
  groups.forEach((g) => rules.push({ to: servicesPeers(model, g.targets, fromNamespace), ports: g.ports }));
  return rules;
}

/**
 * The ingress rules of a flow from blueprint services `callers` into `target`: one peer per namespace on
 * the flow's ports, and 4143 for the callers that need it (a property of each caller/target pair). When
 * only some callers need it, they get it in a rule of their own, so an unmeshed caller never reaches a
 * proxy port.
 */
export function callerIngressRules(model: BlueprintModel, callers: readonly ServiceModel[], target: ServiceModel, flow: FlowModel): IngressRule[] {
  if (callers.length === 0) {
    return []; // `from: []` would admit every source
  }
  const peers = callerPeers(model, callers, target.namespace);
  // `needsProxyInbound` for each caller: its meshed ones, when the target's proxy takes the flow's ports.
  const proxied = proxiesInbound(target, flow.ports) ? peers.meshed : [];
  if (proxied.length === callers.length) {
    return [{ from: peers.from, ports: flowPorts(flow.ports, true) }];
  }
  const rules: IngressRule[] = [{ from: peers.from, ports: flowPorts(flow.ports, false) }];
  if (proxied.length > 0) {
    peers.meshedFrom ??= servicesPeers(model, proxied, target.namespace);
    rules.push({ from: peers.meshedFrom, ports: [tcpPort(LINKERD_PORTS.proxyInbound)] });
  }
  return rules;
}

/** The peers of a set of callers seen from one namespace, and of its meshed ones. */
interface CallerPeers {
  readonly from: Peer[];
  /** The meshed callers, in order. */
  readonly meshed: readonly ServiceModel[];
  meshedFrom?: Peer[];
}

/**
 * A zone or role flow's callers are one array shared by every target of the group: their peers are
 * derived once per (set, namespace) and shared by the targets' rules, not once per target (which was
 * quadratic in a zone called by its whole self). Planned specs are never changed, so sharing is safe.
 */
const sharedCallerPeers = new WeakMap<BlueprintModel, WeakMap<readonly ServiceModel[], Map<string, CallerPeers>>>();

function callerPeers(model: BlueprintModel, callers: readonly ServiceModel[], namespace: string): CallerPeers {
  if (callers.length === 1) {
    return { from: servicesPeers(model, callers, namespace), meshed: callers[0].meshed ? callers : [] };
  }
  let sets = sharedCallerPeers.get(model);
  if (!sets) {
    sets = new WeakMap();
    sharedCallerPeers.set(model, sets);
  }
  let byNamespace = sets.get(callers);
  if (!byNamespace) {
    byNamespace = new Map();
    sets.set(callers, byNamespace);
  }
  let peers = byNamespace.get(namespace);
  if (!peers) {
    peers = { from: servicesPeers(model, callers, namespace), meshed: callers.filter((c) => c.meshed) };
    byNamespace.set(namespace, peers);
  }
  return peers;
}
