import type { BlueprintModel, ServiceModel } from '../model';
import { servicePodMetadata } from '../service/pod-metadata';
import { meshAgreementProblems } from './mesh-agreement';
import { DeclaredConnections } from './declared-connections';
import { NetworkAgreement } from './network-agreement';
import { EvaluatedPod, NetworkEvaluation } from './network-evaluation';

/**
 * Checks the RENDERED objects of a blueprint's chart (NetworkPolicies and Linkerd policy, as `toJson()`
 * returns them, after any patch and next to any object a user added) against the model and against each
 * other: every declared connection is open in both layers, and nothing else is. Each problem names the
 * pair and the port, with a stable code.
 *
 * The pods are the blueprint's services as their bound workloads (or the Keycloak operator) run them.
 * The work is per service, per policy rule and per class of pods that the large selections (zones, caller
 * groups) treat alike, not per pair of services; a target whose check fails is evaluated pair by pair.
 */
export function layerAgreementProblems(model: BlueprintModel, manifests: readonly any[]): string[] {
  const linkerdNs = model.linkerd.namespace;
  const pods = new Map<ServiceModel, EvaluatedPod>(model.services.map((s) => [s, podOf(s, linkerdNs)]));
  const network = new NetworkEvaluation(manifests, [...pods.values()]);
  const agreement = new NetworkAgreement(network, pods, new DeclaredConnections(model));
  const problems: string[] = [];
  for (const [target, pod] of pods) {
    if (!network.isolated(pod, 'Ingress')) {
      problems.push(`[ZT-LAYER-008] no NetworkPolicy isolates "${target.name}" (${target.namespace}) for ingress: every pod may reach it; restore the zone's default-deny policy`);
    } else if (agreement.agrees(target)) {
      continue; // the common case: every connection into it is exactly as declared
    }
    problems.push(...agreement.problems(target));
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

