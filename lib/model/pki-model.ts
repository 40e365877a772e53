import { KeyAlgorithm, TlsUsage } from '../blueprint/pki';

/**
 * Object names of the PKI. The Linkerd ones are those of Linkerd's guide "Automatically Rotating Control
 * Plane TLS Credentials", so its commands (`cmctl renew -n cert-manager linkerd-trust-anchor`, ...) apply.
 */
export const PKI_NAMES = {
  /** Self-signed Issuer that signs the trust anchor. */
  trustRootIssuer: 'linkerd-trust-root-issuer',
  /** Trust anchor Certificate and its Secret, in the cluster resource namespace. */
  trustAnchor: 'linkerd-trust-anchor',
  /** CA ClusterIssuer signing with the trust anchor; also the identity issuer Certificate and Secret. */
  identityIssuer: 'linkerd-identity-issuer',
  /** trust-manager Bundle and the ConfigMap Linkerd reads its trust roots from. */
  identityTrustRoots: 'linkerd-identity-trust-roots',
  /** The Secret an operator fills with the previous trust anchor during rotation (see the PKI guide). */
  previousAnchor: 'linkerd-previous-anchor',
  /** Self-signed Issuer that signs the internal service CA root. */
  serviceCaRootIssuer: 'zero-trust-service-ca-root-issuer',
  /** Service CA root Certificate and Secret, the CA ClusterIssuer, and the trust Bundle / ConfigMap. */
  serviceCa: 'zero-trust-service-ca',
} as const;

/** Key of the trust bundle in the service CA's ConfigMap, and of CA certificates in Secrets. */
export const CA_BUNDLE_KEY = 'ca.crt';

/** Key of the trust bundle in Linkerd's `linkerd-identity-trust-roots` ConfigMap. */
export const LINKERD_TRUST_BUNDLE_KEY = 'ca-bundle.crt';

/** Where a CA's key lives. */
export enum CaSource {
  /** A self-signed root Certificate that cert-manager creates and renews. */
  SELF_SIGNED = 'self-signed',
  /** An existing Secret created out of band. */
  SECRET = 'secret',
  /** A Vault PKI engine. */
  VAULT = 'vault',
}

/** A validated Go duration pair, as written in the blueprint (cert-manager reads the strings). */
export interface LifetimeModel {
  readonly duration: string;
  readonly renewBefore: string;
}

/** Where trust bundles read a CA's public certificate. */
export interface TrustSourceModel {
  readonly kind: 'secret' | 'configMap';
  readonly name: string;
  readonly key: string;
}

export interface VaultModel {
  readonly server: string;
  readonly path: string;
  readonly vaultNamespace?: string;
  readonly caBundleSecretName?: string;
  readonly kubernetesRole?: string;
  readonly kubernetesMountPath?: string;
  readonly serviceAccountName?: string;
  readonly tokenSecretName?: string;
  readonly tokenSecretKey?: string;
}

/** A CA: a ClusterIssuer, and for a self-signed one the Issuer and root Certificate behind it. */
export interface CaModel {
  readonly source: CaSource;
  /** The ClusterIssuer that signs with this CA. */
  readonly clusterIssuerName: string;
  /** SELF_SIGNED: the self-signed Issuer in the cluster resource namespace. */
  readonly rootIssuerName?: string;
  /** SELF_SIGNED: the root Certificate (also its Secret name). */
  readonly rootCertificateName?: string;
  readonly rootCommonName?: string;
  readonly rootKeyAlgorithm: KeyAlgorithm;
  /** SELF_SIGNED: the root's lifetime. */
  readonly rootLifetime?: LifetimeModel;
  /** SELF_SIGNED and SECRET: the Secret the CA ClusterIssuer signs with. */
  readonly secretName?: string;
  /** VAULT: the Vault issuer settings. */
  readonly vault?: VaultModel;
  /** Where trust bundles read the CA certificate. */
  readonly trustSource: TrustSourceModel;
}

/** Linkerd's identity issuer Certificate in the control plane namespace. */
export interface IdentityIssuerModel {
  readonly namespace: string;
  readonly name: string;
  readonly secretName: string;
  /** `identity.<linkerd namespace>.<trust domain>`: the name Linkerd verifies the issuer against. */
  readonly commonName: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly lifetime: LifetimeModel;
}

export interface MeshIdentityModel {
  readonly ca: CaModel;
  readonly issuer: IdentityIssuerModel;
  /** Bundle and ConfigMap name. */
  readonly trustBundleName: string;
}

/** One Linkerd webhook certificate. */
export interface WebhookCertificateModel {
  /** Certificate name, also the webhook's Service name. */
  readonly name: string;
  readonly secretName: string;
  readonly dnsName: string;
  /** The policy controller (Rust) reads only PKCS#8 keys. */
  readonly pkcs8: boolean;
}

export interface LinkerdWebhooksModel {
  readonly namespace: string;
  readonly issuerName: string;
  readonly lifetime: LifetimeModel;
  readonly certificates: readonly WebhookCertificateModel[];
}

export interface ServiceCaModel {
  readonly ca: CaModel;
  /** Bundle and ConfigMap (key `ca.crt`) that carry the CA certificate into every zone namespace. */
  readonly trustBundleName: string;
  readonly certificateLifetime: LifetimeModel;
}

/** The normalized PKI: what the cert-manager and trust-manager emitters create. */
export interface PkiModel {
  /** cert-manager's cluster resource namespace and trust-manager's trust namespace. */
  readonly certManagerNamespace: string;
  readonly clusterDomain: string;
  readonly meshIdentity?: MeshIdentityModel;
  readonly serviceCa?: ServiceCaModel;
  readonly linkerdWebhooks?: LinkerdWebhooksModel;
}

/** The certificate the internal service CA issues for one service (`ServiceModel.tls`). */
export interface ServiceTlsModel {
  /** Certificate name (the service name), in the service's namespace. */
  readonly certificateName: string;
  /** Secret holding `tls.crt`, `tls.key` and `ca.crt`, in the service's namespace. */
  readonly secretName: string;
  readonly usage: TlsUsage;
  /** cert-manager usages, in a stable order. */
  readonly usages: readonly string[];
  /** In-cluster names first, then the blueprint's extra names; no duplicates. */
  readonly dnsNames: readonly string[];
  /** The first DNS name when it fits X.509's 64-character limit (client-certificate consumers read the CN). */
  readonly commonName?: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly lifetime: LifetimeModel;
  /** The ClusterIssuer that signs it. */
  readonly issuerName: string;
}
