import { AppProtocol, Protocol } from '../blueprint/protocol';
import { LABELS } from '../labels';
import { ServiceModel } from '../model';

/**
 * The labels and annotations every pod of a service carries, whoever makes the pod (a bound workload,
 * or an operator from its custom resource): the selector labels the policies match, the zone, the
 * service's name (grouped NetworkPolicy peers select several services with one expression on it), and
 * the Linkerd injection and opaque-port annotations.
 */
export function servicePodMetadata(service: ServiceModel): { labels: Record<string, string>; annotations: Record<string, string> } {
  const annotations: Record<string, string> = { 'linkerd.io/inject': service.meshed ? 'enabled' : 'disabled' };
  // Linkerd proxies TCP only: a UDP or SCTP port is never an opaque port.
  const opaque = service.ports.filter((p) => p.appProtocol === AppProtocol.OPAQUE && p.protocol === Protocol.TCP).map((p) => p.targetPort);
  if (service.meshed && opaque.length > 0) {
    annotations['config.linkerd.io/opaque-ports'] = opaque.join(',');
  }
  return { labels: { ...service.selector, [LABELS.zone]: service.zone.name, [LABELS.service]: service.name }, annotations };
}
