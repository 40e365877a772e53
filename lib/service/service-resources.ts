import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { KubeService, KubeServiceAccount } from '../rendering/typed-objects';
import { AppProtocol } from '../blueprint/protocol';
import { LABELS, managedLabels } from '../labels';
import { ServiceModel } from '../model';

/** Kubernetes `appProtocol` per blueprint app protocol (Linkerd reads `linkerd.io/opaque`). */
export const SERVICE_APP_PROTOCOL: Record<AppProtocol, string> = {
  [AppProtocol.HTTP]: 'http',
  [AppProtocol.HTTP2]: 'kubernetes.io/h2c',
  [AppProtocol.GRPC]: 'kubernetes.io/h2c',
  [AppProtocol.TCP]: 'tcp',
  [AppProtocol.OPAQUE]: 'linkerd.io/opaque',
};

/** The ServiceAccount (the workload identity) and the Kubernetes Service of one blueprint service. */
export class ServiceResources extends Construct {
  constructor(scope: Construct, id: string, service: ServiceModel) {
    super(scope, id);
    const labels = managedLabels({ [LABELS.service]: service.name, [LABELS.zone]: service.zone.name });
    if (service.createServiceAccount) {
      new KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { name: service.serviceAccountName, namespace: service.namespace, labels },
        // Linkerd mounts its own projected token for identity; the app needs no API token.
        automountServiceAccountToken: false,
      });
    }
    if (service.expose && service.ports.length > 0) {
      new KubeService(this, 'Service', {
        metadata: { name: service.name, namespace: service.namespace, labels },
        spec: {
          type: 'ClusterIP',
          selector: { ...service.selector },
          ports: service.ports.map((p) => ({
            name: p.name,
            port: p.port,
            targetPort: IntOrString.fromNumber(p.targetPort),
            protocol: p.protocol,
            appProtocol: SERVICE_APP_PROTOCOL[p.appProtocol],
          })),
        },
      });
    }
  }
}
