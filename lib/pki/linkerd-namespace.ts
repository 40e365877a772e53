import { KubeNamespace } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { managedLabels } from '../labels';
import { NAMESPACE_NAME_LABEL } from '../network/peers';

/** Label trust-manager's Bundle selects Linkerd's control plane namespace by. */
export const CONTROL_PLANE_LABEL = 'linkerd.io/is-control-plane';

/**
 * The Linkerd control plane namespace, created before Linkerd so cert-manager can write the identity
 * issuer Secret into it and trust-manager can find it by `linkerd.io/is-control-plane`. The labels and
 * annotation are exactly those `linkerd install` renders for its own Namespace (except Pod Security, which
 * depends on the CNI choice and stays Linkerd's), so applying both merges without conflict; the Helm chart
 * renders no Namespace at all.
 */
export class LinkerdNamespace extends Construct {
  constructor(scope: Construct, id: string, props: { namespace: string }) {
    super(scope, id);
    new KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.namespace,
        labels: managedLabels({
          [NAMESPACE_NAME_LABEL]: props.namespace,
          [CONTROL_PLANE_LABEL]: 'true',
          'config.linkerd.io/admission-webhooks': 'disabled',
          'linkerd.io/control-plane-ns': props.namespace,
        }),
        annotations: { 'linkerd.io/inject': 'disabled' },
      },
    });
  }
}
