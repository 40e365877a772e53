import { Construct } from 'constructs';
import { LABELS } from '../labels';
import { CA_BUNDLE_KEY, ServiceCaModel } from '../model/pki-model';
import { CertificateAuthority } from './certificate-authority';
import { TrustBundle } from './trust-bundle';

/**
 * The internal service CA for TLS outside the mesh, and a trust bundle that puts its certificate into a
 * ConfigMap (`ca.crt`) in every zone namespace, for clients that verify the services' certificates.
 */
export class ServiceCa extends Construct {
  constructor(scope: Construct, id: string, props: { serviceCa: ServiceCaModel; certManagerNamespace: string }) {
    super(scope, id);
    const { serviceCa } = props;
    new CertificateAuthority(this, 'Ca', { ca: serviceCa.ca, namespace: props.certManagerNamespace });
    new TrustBundle(this, 'TrustBundle', {
      name: serviceCa.trustBundleName,
      source: serviceCa.ca.trustSource,
      targetKey: CA_BUNDLE_KEY,
      namespaceSelector: { matchExpressions: [{ key: LABELS.zone, operator: 'Exists' }] },
    });
  }
}
