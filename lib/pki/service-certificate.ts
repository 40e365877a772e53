import { Construct } from 'constructs';
import { Certificate, CertificateSpecUsages } from '../imports/cert-manager.io';
import { LABELS, managedLabels } from '../labels';
import { ServiceModel } from '../model';
import { privateKeySpec } from './private-key';

/**
 * A service's certificate from the internal service CA, in the service's namespace: its in-cluster DNS
 * names, usages for server and/or client auth, and a PKCS#8 key (read by Java, Go, OpenSSL and
 * PostgreSQL alike). The Secret also holds the CA certificate as `ca.crt`.
 */
export class ServiceCertificate extends Construct {
  constructor(scope: Construct, id: string, service: ServiceModel) {
    super(scope, id);
    const tls = service.tls;
    if (!tls) {
      throw new Error(`service "${service.name}" asks for no certificate`);
    }
    new Certificate(this, 'Resource', {
      metadata: {
        name: tls.certificateName,
        namespace: service.namespace,
        labels: managedLabels({ [LABELS.service]: service.name, [LABELS.zone]: service.zone.name }),
      },
      spec: {
        commonName: tls.commonName,
        dnsNames: [...tls.dnsNames],
        secretName: tls.secretName,
        duration: tls.lifetime.duration,
        renewBefore: tls.lifetime.renewBefore,
        privateKey: privateKeySpec(tls.keyAlgorithm, { pkcs8: true }),
        usages: tls.usages.map((u) => u as CertificateSpecUsages),
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: tls.issuerName },
      },
    });
  }
}
