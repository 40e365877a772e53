import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { constructId } from '../construct-id';
import { BlueprintModel } from '../model';
import { CaModel, CaSource, PkiModel } from '../model/pki-model';
import { certificateChainProblems } from './chain-check';
import { LinkerdWebhookCertificates } from './linkerd-webhook-certificates';
import { MeshIdentity } from './mesh-identity';
import { ServiceCa } from './service-ca';
import { ServiceCertificate } from './service-certificate';

/**
 * Everything cert-manager and trust-manager need from the blueprint: the mesh identity, the internal
 * service CA, Linkerd's webhook certificates and one certificate per service that asks for TLS. At synth
 * the chain is checked: every issuer reference resolves and every CA Secret has a producer.
 */
export class Pki extends Construct {
  constructor(scope: Construct, id: string, model: BlueprintModel & { pki: PkiModel }) {
    super(scope, id);
    const pki = model.pki;
    const namespace = pki.certManagerNamespace;
    if (pki.meshIdentity) {
      new MeshIdentity(this, 'MeshIdentity', { mesh: pki.meshIdentity, certManagerNamespace: namespace });
    }
    if (pki.serviceCa) {
      new ServiceCa(this, 'ServiceCa', { serviceCa: pki.serviceCa, certManagerNamespace: namespace });
    }
    if (pki.linkerdWebhooks) {
      new LinkerdWebhookCertificates(this, 'LinkerdWebhooks', pki.linkerdWebhooks);
    }
    const services = new Construct(this, 'Services');
    for (const service of model.services.filter((s) => s.tls)) {
      new ServiceCertificate(services, constructId(service.name), service);
    }
    const cas = [pki.meshIdentity?.ca, pki.serviceCa?.ca].filter((c): c is CaModel => c !== undefined);
    this.node.addValidation({
      validate: () => certificateChainProblems(
        this.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson()),
        {
          clusterResourceNamespace: namespace,
          trustNamespace: namespace,
          externalSecrets: cas.filter((c) => c.source === CaSource.SECRET).map((c) => `${namespace}/${c.secretName}`),
          externalConfigMaps: cas.filter((c) => c.trustSource.kind === 'configMap').map((c) => `${namespace}/${c.trustSource.name}`),
        },
      ).map((p) => `PKI: ${p}`),
    });
  }
}
