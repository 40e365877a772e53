import { Construct } from 'constructs';
import { KeyAlgorithm } from '../blueprint/pki';
import { Certificate, CertificateSpecUsages } from '../imports/cert-manager.io';
import { managedLabels } from '../labels';
import { LinkerdWebhooksModel } from '../model/pki-model';
import { privateKeySpec } from './private-key';

/**
 * Serving certificates for Linkerd's admission webhooks, in the Secrets Linkerd mounts
 * (`<webhook>-k8s-tls`), named for the Service the API server calls (`<webhook>.<namespace>.svc`). The
 * policy validator is written in Rust and reads only PKCS#8 keys. Linkerd must be installed with
 * `<webhook>.externalSecret=true` and `<webhook>.injectCaFrom=<namespace>/<certificate>` so cert-manager's
 * CA injector keeps the webhook configurations' `caBundle` current.
 */
export class LinkerdWebhookCertificates extends Construct {
  constructor(scope: Construct, id: string, webhooks: LinkerdWebhooksModel) {
    super(scope, id);
    for (const webhook of webhooks.certificates) {
      new Certificate(this, webhook.name, {
        metadata: { name: webhook.name, namespace: webhooks.namespace, labels: managedLabels() },
        spec: {
          commonName: webhook.dnsName,
          dnsNames: [webhook.dnsName],
          secretName: webhook.secretName,
          duration: webhooks.lifetime.duration,
          renewBefore: webhooks.lifetime.renewBefore,
          privateKey: privateKeySpec(KeyAlgorithm.ECDSA_P256, { pkcs8: webhook.pkcs8 }),
          usages: [CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.SERVER_AUTH],
          issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: webhooks.issuerName },
        },
      });
    }
  }
}
