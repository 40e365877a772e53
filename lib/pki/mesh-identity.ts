import { Construct } from 'constructs';
import { MeshIdentityModel, LINKERD_TRUST_BUNDLE_KEY } from '../model/pki-model';
import { CertificateAuthority } from './certificate-authority';
import { IdentityIssuerCertificate } from './identity-issuer-certificate';
import { CONTROL_PLANE_LABEL, LinkerdNamespace } from './linkerd-namespace';
import { TrustBundle } from './trust-bundle';

/**
 * Linkerd's mesh identity with cert-manager and trust-manager: trust anchor, CA ClusterIssuer, identity
 * issuer, the `linkerd-identity-trust-roots` trust bundle, and the labelled control plane namespace.
 * Linkerd is then installed with `identity.externalCA=true` and `identity.issuer.scheme=kubernetes.io/tls`.
 */
export class MeshIdentity extends Construct {
  constructor(scope: Construct, id: string, props: { mesh: MeshIdentityModel; certManagerNamespace: string }) {
    super(scope, id);
    const { mesh } = props;
    new CertificateAuthority(this, 'TrustAnchor', { ca: mesh.ca, namespace: props.certManagerNamespace });
    new LinkerdNamespace(this, 'Namespace', { namespace: mesh.issuer.namespace });
    new IdentityIssuerCertificate(this, 'IdentityIssuer', { issuer: mesh.issuer, clusterIssuerName: mesh.ca.clusterIssuerName });
    new TrustBundle(this, 'TrustRoots', {
      name: mesh.trustBundleName,
      source: mesh.ca.trustSource,
      targetKey: LINKERD_TRUST_BUNDLE_KEY,
      namespaceSelector: { matchLabels: { [CONTROL_PLANE_LABEL]: 'true' } },
    });
  }
}
