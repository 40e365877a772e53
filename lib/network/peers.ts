import { NetworkPolicyPeer as Peer, NetworkPolicyPort as PolicyPort, IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { LINKERD_PORTS, PortModel, ServiceModel, WorkloadCallerModel, ZoneModel } from '../model';

/** The label Kubernetes puts on every namespace; peers are pinned with it, never with `namespaceSelector: {}`. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function namespaceSelector(namespace: string): Peer['namespaceSelector'] {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

/** The pods of `service`, as seen from a policy in `fromNamespace`. */
export function servicePeer(service: ServiceModel, fromNamespace: string): Peer {
  const podSelector = { matchLabels: { ...service.selector } };
  return service.namespace === fromNamespace ? { podSelector } : { namespaceSelector: namespaceSelector(service.namespace), podSelector };
}

/** Every pod of `zone`, as seen from a policy in `fromNamespace`. */
export function zonePeer(zone: ZoneModel, fromNamespace: string): Peer {
  return zone.namespace === fromNamespace ? { podSelector: {} } : { namespaceSelector: namespaceSelector(zone.namespace) };
}

/** The pods of a workload outside the blueprint: its namespace, and its pod labels when given. */
export function workloadPeer(workload: WorkloadCallerModel): Peer {
  const labels = Object.keys(workload.podLabels).length > 0 ? { matchLabels: { ...workload.podLabels } } : {};
  return { namespaceSelector: namespaceSelector(workload.namespace), podSelector: labels };
}

export function ipBlockPeers(cidrs: readonly string[]): Peer[] {
  return cidrs.map((cidr) => ({ ipBlock: { cidr } }));
}

export function tcpPort(port: number): PolicyPort {
  return { protocol: 'TCP', port: IntOrString.fromNumber(port) };
}

/**
 * The ports to allow for a call to `ports`: the container ports, plus the Linkerd proxy's inbound port
 * when the model says the pair needs it (both ends meshed and a TCP port: Linkerd retargets it to 4143).
 */
export function flowPorts(ports: readonly PortModel[], proxyInbound: boolean): PolicyPort[] {
  // Built and deduplicated in one pass; the ports of a call are few, so pairwise, without a key per port.
  const result: PolicyPort[] = [];
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    addPort(result, p.protocol, p.targetPort);
  }
  if (proxyInbound) {
    addPort(result, 'TCP', LINKERD_PORTS.proxyInbound);
  }
  return result;
}

/** Adds (protocol, port) unless `ports` has it already: the first of each stays. */
function addPort(ports: PolicyPort[], protocol: string, port: number): void {
  for (let i = 0; i < ports.length; i++) {
    const k = ports[i];
    if (k.protocol === protocol && k.port?.value === port) {
      return;
    }
  }
  ports.push({ protocol, port: IntOrString.fromNumber(port) });
}
