import type { BlueprintModel, ServiceModel } from '../model';
import { servicePodMetadata } from '../service/pod-metadata';
import type { EvaluatedPod } from './network-evaluation';

/** The blueprint's services as pods, in the services' order: what the layer check evaluates the policies on. */
export function evaluatedPods(model: BlueprintModel): Map<ServiceModel, EvaluatedPod> {
  return new Map(model.services.map((s) => [s, podOf(s, model.linkerd.namespace)]));
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
