import { PortSet } from '../analysis/port-set';
import { LINKERD_PORTS } from '../model';
import type { BlueprintModel, ServiceModel } from '../model';
import { servicePodMetadata } from '../service/pod-metadata';
import { meshAgreementProblems } from './mesh-agreement';
import { EvaluatedPod, NetworkEvaluation } from './network-evaluation';

/**
 * Checks the RENDERED objects of a blueprint's chart (NetworkPolicies and Linkerd policy, as `toJson()`
 * returns them, after any patch and next to any object a user added) against the model and against each
 * other: every declared connection is open in both layers, and nothing else is. Each problem names the
 * pair and the port, with a stable code.
 *
 * The pods are the blueprint's services as their bound workloads (or the Keycloak operator) run them.
 * The work is per service and per allowed connection (indexed evaluations), not per pair of services.
 */
export function layerAgreementProblems(model: BlueprintModel, manifests: readonly any[]): string[] {
  const linkerdNs = model.linkerd.namespace;
  const pods = new Map<ServiceModel, EvaluatedPod>(model.services.map((s) => [s, podOf(s, linkerdNs)]));
  const serviceOf = new Map([...pods].map(([s, p]) => [p, s]));
  const expected = expectedConnections(model);
  const network = new NetworkEvaluation(manifests, [...pods.values()]);
  const problems: string[] = [];

  const egress = new Map([...pods].map(([s, p]) => [s, network.peers(p, 'Egress')]));
  for (const [target, pod] of pods) {
    const ingress = network.peers(pod, 'Ingress');
    if (ingress === undefined) {
      problems.push(`[ZT-LAYER-008] no NetworkPolicy isolates "${target.name}" (${target.namespace}) for ingress: every pod may reach it; restore the zone's default-deny policy`);
    }
    // Candidates: the declared callers, and every other pod the target's ingress admits (output-sensitive).
    const declaredCallers = expected.get(target) ?? NO_CALLERS;
    const callers = [...declaredCallers.keys()];
    for (const p of ingress?.keys() ?? []) {
      const caller = serviceOf.get(p)!;
      if (!declaredCallers.has(caller)) callers.push(caller);
    }
    for (const caller of callers) {
      if (caller === target) continue;
      const allowed = network.allowed(pods.get(caller)!, pod, egress.get(caller), ingress);
      const declared = declaredCallers.get(caller) ?? PortSet.EMPTY;
      const plumbed = declared.isEmpty ? declared : withPlumbing(caller, target, declared);
      if (allowed.equals(plumbed)) continue; // the common case: exactly what is declared
      const missing = plumbed.minus(allowed);
      const extra = allowed.minus(caller.metricsScraper && target.meshed ? plumbed.union(SCRAPE) : plumbed);
      if (!missing.isEmpty) {
        problems.push(`[ZT-LAYER-001] the NetworkPolicies block "${caller.name}" -> "${target.name}" on ${missing}, which the blueprint declares: a patched or removed policy`);
      }
      if (!extra.isEmpty) {
        problems.push(`[ZT-LAYER-002] the NetworkPolicies allow "${caller.name}" -> "${target.name}" on ${extra}, which no flow declares: a patched or added policy`);
      }
    }
  }

  problems.push(...meshAgreementProblems(model, manifests, pods));
  return problems;
}

/** A service's pods as the policies see them: selector and zone labels, and Linkerd's own label when meshed. */
function podOf(service: ServiceModel, linkerdNamespace: string): EvaluatedPod {
  const { labels } = servicePodMetadata(service);
  return {
    id: `${service.namespace}/${service.name}`,
    namespace: service.namespace,
    labels: service.meshed ? { ...labels, 'linkerd.io/control-plane-ns': linkerdNamespace } : labels,
    namedPorts: new Map(service.ports.map((p) => [p.name, { protocol: p.protocol, port: p.targetPort }])),
  };
}

/** Declared connections between blueprint services from the model's flows (metrics flows included); target => caller => ports. */
function expectedConnections(model: BlueprintModel): Map<ServiceModel, Map<ServiceModel, PortSet>> {
  const out = new Map<ServiceModel, Map<ServiceModel, PortSet>>();
  const add = (caller: ServiceModel, target: ServiceModel, ports: PortSet) => {
    const byCaller = out.get(target) ?? new Map<ServiceModel, PortSet>();
    byCaller.set(caller, (byCaller.get(caller) ?? PortSet.EMPTY).union(ports));
    out.set(target, byCaller);
  };
  for (const flow of [...model.connectivity.inbound.values()].flat()) {
    const ports = flow.ports.reduce((set, p) => set.union(PortSet.of(p.protocol, p.targetPort)), PortSet.EMPTY);
    flow.callers.filter((c) => c !== flow.target).forEach((c) => add(c, flow.target, ports));
  }
  return out;
}

const NO_CALLERS: ReadonlyMap<ServiceModel, PortSet> = new Map();

/** The scraper's port on a meshed target's proxy (its metrics), which the NetworkPolicies open for scrapes. */
const SCRAPE = PortSet.of('TCP', LINKERD_PORTS.proxyAdmin);
const PROXY_INBOUND = PortSet.of('TCP', LINKERD_PORTS.proxyInbound);

/** Declared ports plus the proxy's inbound port between two meshed workloads, for TCP calls (Linkerd proxies TCP only). */
function withPlumbing(caller: ServiceModel, target: ServiceModel, declared: PortSet): PortSet {
  if (!caller.meshed || !target.meshed || !declared.hasProtocol('TCP')) return declared;
  let plumbed = PLUMBED.get(declared);
  if (plumbed === undefined) {
    plumbed = declared.union(PROXY_INBOUND);
    PLUMBED.set(declared, plumbed);
  }
  return plumbed;
}

/** Declared sets are shared by every caller of a flow: their plumbed form is built once per set. */
const PLUMBED = new WeakMap<PortSet, PortSet>();
