import { KubeNamespace } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { LABELS, managedLabels } from '../labels';
import { ZoneModel } from '../model';
import { NAMESPACE_NAME_LABEL } from './peers';

/** Pod Security Admission level every zone enforces. */
export const POD_SECURITY_LEVEL = 'restricted';
/** Kubernetes minor version the Pod Security Standards are pinned to. */
export const POD_SECURITY_VERSION = 'v1.27';

/**
 * The namespace of a zone: labelled with its zone and role, Pod Security Admission `restricted`
 * (enforce, audit and warn), and Linkerd injection for meshed zones.
 */
export class ZoneNamespace extends Construct {
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, zone: ZoneModel) {
    super(scope, id);
    this.namespaceName = zone.namespace;
    const psa: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      psa[`pod-security.kubernetes.io/${mode}`] = POD_SECURITY_LEVEL;
      psa[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    new KubeNamespace(this, 'Resource', {
      metadata: {
        name: zone.namespace,
        labels: managedLabels({
          ...zone.labels,
          // Set explicitly (Kubernetes adds it too) so offline analyzers resolve namespace selectors.
          [NAMESPACE_NAME_LABEL]: zone.namespace,
          [LABELS.zone]: zone.name,
          [LABELS.zoneRole]: zone.role,
          ...psa,
        }),
        annotations: { 'linkerd.io/inject': zone.meshed ? 'enabled' : 'disabled' },
      },
    });
  }
}
