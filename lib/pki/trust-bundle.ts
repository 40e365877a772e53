import { Construct } from 'constructs';
import { Bundle, BundleSpecSources, BundleSpecTargetNamespaceSelector } from '../imports/trust.cert-manager.io';
import { managedLabels } from '../labels';
import { TrustSourceModel } from '../model/pki-model';

/** Label on a Secret in the trust namespace that adds its `tls.crt` to the named Bundle (the previous CA). */
export const PREVIOUS_CA_LABEL = 'zero-trust.cdk8s.io/previous-ca-for';

export interface TrustBundleProps {
  /** Bundle name, which is also the name of the ConfigMap trust-manager writes. */
  readonly name: string;
  /** The current CA certificate. */
  readonly source: TrustSourceModel;
  /** Key of the bundle in the target ConfigMap. */
  readonly targetKey: string;
  readonly namespaceSelector: BundleSpecTargetNamespaceSelector;
}

/**
 * A trust-manager `Bundle` that copies a CA certificate into a ConfigMap in the selected namespaces. Its
 * second source selects, by label, Secrets holding a previous CA certificate: during a CA rotation the
 * operator labels a copy of the old certificate so both are trusted until every workload has restarted.
 * A label selector that matches nothing is not an error for trust-manager (a named Secret that does not
 * exist is, and would stop the Bundle from syncing), so the Bundle works before any rotation.
 */
export class TrustBundle extends Construct {
  constructor(scope: Construct, id: string, props: TrustBundleProps) {
    super(scope, id);
    const ref = { name: props.source.name, key: props.source.key };
    const current: BundleSpecSources = props.source.kind === 'secret' ? { secret: ref } : { configMap: ref };
    new Bundle(this, 'Resource', {
      metadata: { name: props.name, labels: managedLabels() },
      spec: {
        sources: [
          current,
          { secret: { selector: { matchLabels: { [PREVIOUS_CA_LABEL]: props.name } }, key: 'tls.crt' } },
        ],
        target: {
          configMap: { key: props.targetKey },
          namespaceSelector: props.namespaceSelector,
        },
      },
    });
  }
}
