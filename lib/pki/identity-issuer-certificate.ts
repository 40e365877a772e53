import { Construct } from 'constructs';
import { Certificate, CertificateSpecUsages } from '../imports/cert-manager.io';
import { managedLabels } from '../labels';
import { IdentityIssuerModel } from '../model/pki-model';
import { privateKeySpec } from './private-key';

/**
 * Linkerd's identity issuer: an intermediate CA in the control plane namespace that Linkerd's identity
 * controller signs workload certificates with. Short-lived (48h, renewed after 23h) because its key sits
 * in the cluster. Linkerd verifies it against the trust anchors as `identity.<namespace>.<trust domain>`
 * with Go's x509 verifier, which reads only subject alternative names, so the name is also a DNS SAN;
 * `server auth` and `client auth` keep it valid for the workload certificates under it, which carry both.
 */
export class IdentityIssuerCertificate extends Construct {
  constructor(scope: Construct, id: string, props: { issuer: IdentityIssuerModel; clusterIssuerName: string }) {
    super(scope, id);
    const { issuer } = props;
    new Certificate(this, 'Resource', {
      metadata: { name: issuer.name, namespace: issuer.namespace, labels: managedLabels() },
      spec: {
        isCa: true,
        commonName: issuer.commonName,
        dnsNames: [issuer.commonName],
        secretName: issuer.secretName,
        duration: issuer.lifetime.duration,
        renewBefore: issuer.lifetime.renewBefore,
        privateKey: privateKeySpec(issuer.keyAlgorithm),
        usages: [
          CertificateSpecUsages.CERT_SIGN,
          CertificateSpecUsages.CRL_SIGN,
          CertificateSpecUsages.SERVER_AUTH,
          CertificateSpecUsages.CLIENT_AUTH,
        ],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.clusterIssuerName },
      },
    });
  }
}
