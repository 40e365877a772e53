import { Construct } from 'constructs';
import { Certificate, CertificateSpecUsages } from '../imports/cert-manager.io';
import { managedLabels } from '../labels';
import { CaModel } from '../model/pki-model';
import { privateKeySpec } from './private-key';

/**
 * The self-signed root of a CA (Linkerd's trust anchor, the internal service CA): a CA certificate whose
 * Secret stays in the cluster resource namespace, where only cert-manager's CA ClusterIssuer reads it.
 */
export class RootCaCertificate extends Construct {
  constructor(scope: Construct, id: string, props: { ca: CaModel; namespace: string }) {
    super(scope, id);
    const { ca } = props;
    if (!ca.rootCertificateName || !ca.rootIssuerName || !ca.rootLifetime) {
      throw new Error(`RootCaCertificate needs a self-signed CA (ClusterIssuer ${ca.clusterIssuerName} is ${ca.source})`);
    }
    new Certificate(this, 'Resource', {
      metadata: { name: ca.rootCertificateName, namespace: props.namespace, labels: managedLabels() },
      spec: {
        isCa: true,
        commonName: ca.rootCommonName,
        secretName: ca.rootCertificateName,
        duration: ca.rootLifetime.duration,
        renewBefore: ca.rootLifetime.renewBefore,
        privateKey: privateKeySpec(ca.rootKeyAlgorithm),
        usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN],
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: ca.rootIssuerName },
      },
    });
  }
}
