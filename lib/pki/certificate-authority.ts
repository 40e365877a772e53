import { Construct } from 'constructs';
import { CaModel, CaSource } from '../model/pki-model';
import { CaClusterIssuer } from './ca-cluster-issuer';
import { RootCaCertificate } from './root-ca-certificate';
import { SelfSignedIssuer } from './self-signed-issuer';

/**
 * A CA as cert-manager runs it: for a self-signed CA the bootstrap Issuer and the root Certificate in the
 * cluster resource namespace, and in every case the ClusterIssuer that signs with it.
 */
export class CertificateAuthority extends Construct {
  constructor(scope: Construct, id: string, props: { ca: CaModel; namespace: string }) {
    super(scope, id);
    const { ca, namespace } = props;
    if (ca.source === CaSource.SELF_SIGNED) {
      new SelfSignedIssuer(this, 'RootIssuer', { name: ca.rootIssuerName!, namespace });
      new RootCaCertificate(this, 'Root', { ca, namespace });
    }
    new CaClusterIssuer(this, 'ClusterIssuer', ca);
  }
}
