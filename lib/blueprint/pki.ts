/**
 * Private key algorithm and size of a certificate, as cert-manager's `privateKey.algorithm` and
 * `privateKey.size` express them.
 */
export enum KeyAlgorithm {
  /** RSA, 2048-bit modulus. */
  RSA_2048 = 'RSA-2048',
  /** RSA, 3072-bit modulus. */
  RSA_3072 = 'RSA-3072',
  /** RSA, 4096-bit modulus. */
  RSA_4096 = 'RSA-4096',
  /** ECDSA on curve P-256 (secp256r1). The only algorithm Linkerd's identity accepts. */
  ECDSA_P256 = 'ECDSA-P256',
  /** ECDSA on curve P-384 (secp384r1). */
  ECDSA_P384 = 'ECDSA-P384',
  /** Ed25519 (not accepted by browsers; fine for internal clients that support it). */
  ED25519 = 'Ed25519',
}

/** What a service uses its certificate for. */
export enum TlsUsage {
  /** The service serves TLS (`server auth`). */
  SERVER = 'server',
  /** The service presents the certificate as a TLS client (`client auth`). */
  CLIENT = 'client',
  /** Both: the service serves TLS and authenticates as a client with the same certificate. */
  SERVER_AND_CLIENT = 'server-and-client',
}

/**
 * A CA that is held outside the cluster's self-signed bootstrap: the root keys are the crown jewels,
 * so they can stay in an existing Secret created out of band, or in Vault. Set exactly one of
 * `secretName` and `vault`.
 */
export interface ExternalCaProps {
  /**
   * An existing `kubernetes.io/tls` Secret in the cluster resource namespace (`pki.certManagerNamespace`)
   * holding the CA certificate (`tls.crt`) and its key (`tls.key`). A CA ClusterIssuer signs with it.
   * @default - not used
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly secretName?: string;

  /**
   * A HashiCorp Vault PKI engine that signs the certificates; the CA key never enters the cluster.
   * @default - not used
   */
  readonly vault?: VaultIssuerProps;

  /**
   * A ConfigMap in the cluster resource namespace whose key `ca.crt` holds the CA certificate(s) clients
   * must trust (public certificates only). Required with `vault`, whose root never appears in a Secret
   * the trust bundle could read.
   * @default - the `tls.crt` of `secretName`
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly trustBundleConfigMap?: string;
}

/** A cert-manager Vault issuer (`spec.vault`). */
export interface VaultIssuerProps {
  /** Address of the Vault server, for example `https://vault.example.com:8200`. */
  readonly server: string;

  /**
   * Path of the PKI engine endpoint that signs, for example `pki_int/sign/internal-services`. A CA
   * certificate (the Linkerd identity issuer) needs an endpoint that signs CAs, such as
   * `pki/root/sign-intermediate`.
   */
  readonly path: string;

  /**
   * Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;

  /**
   * Secret in the cluster resource namespace whose key `ca.crt` holds the CA that signed Vault's HTTPS
   * certificate.
   * @default - the system trust store of cert-manager
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly caBundleSecretName?: string;

  /** How cert-manager logs in to Vault. */
  readonly auth: VaultAuthProps;
}

/**
 * How cert-manager authenticates to Vault. Set either `kubernetesRole` (with `serviceAccountName`) or
 * `tokenSecretName`.
 */
export interface VaultAuthProps {
  /**
   * Vault role of the Kubernetes auth method. cert-manager requests a short-lived token of
   * `serviceAccountName` and exchanges it for a Vault token.
   * @default - Kubernetes auth is not used
   */
  readonly kubernetesRole?: string;

  /**
   * Mount path of the Kubernetes auth method.
   * @default '/v1/auth/kubernetes'
   */
  readonly kubernetesMountPath?: string;

  /**
   * ServiceAccount in the cluster resource namespace whose token cert-manager presents (cert-manager
   * needs RBAC to create tokens for it). Required with `kubernetesRole`.
   * @default - none
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly serviceAccountName?: string;

  /**
   * Secret in the cluster resource namespace holding a Vault token.
   * @default - token auth is not used
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly tokenSecretName?: string;

  /**
   * Key of the token in `tokenSecretName`.
   * @default 'token'
   */
  readonly tokenSecretKey?: string;
}

/**
 * Linkerd's mesh identity: the trust anchor, the identity issuer Linkerd signs workload certificates
 * with, and the trust bundle every proxy verifies peers against.
 */
export interface MeshIdentityProps {
  /**
   * Whether the library emits the mesh identity PKI.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Key algorithm of the trust anchor and the identity issuer. Linkerd accepts only ECDSA P-256.
   * @default KeyAlgorithm.ECDSA_P256
   */
  readonly keyAlgorithm?: KeyAlgorithm;

  /**
   * Lifetime of the self-signed trust anchor, a Go duration.
   * @default '87600h' (10 years)
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly trustAnchorDuration?: string;

  /**
   * How long before expiry cert-manager renews the trust anchor. Renewal replaces the anchor and needs
   * the restarts described in the rotation guide, so plan it well before this point.
   * @default '8760h' (1 year)
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly trustAnchorRenewBefore?: string;

  /**
   * Lifetime of the identity issuer certificate.
   * @default '48h'
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly issuerDuration?: string;

  /**
   * How long before expiry cert-manager renews the identity issuer.
   * @default '25h'
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly issuerRenewBefore?: string;

  /**
   * Sign the identity issuer with an externally held CA instead of the self-signed trust anchor.
   * @default - a self-signed trust anchor in the cluster resource namespace
   */
  readonly externalCa?: ExternalCaProps;
}

/**
 * cert-manager certificates for Linkerd's admission webhooks (proxy-injector, sp-validator,
 * policy-validator), issued by the internal service CA. Linkerd must then be installed with
 * `externalSecret=true` and `injectCaFrom` for each webhook.
 */
export interface LinkerdWebhookCertificatesProps {
  /**
   * Whether the library emits the webhook certificates.
   * @default false
   */
  readonly enabled?: boolean;

  /**
   * Lifetime of each webhook certificate.
   * @default '8760h'
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly duration?: string;

  /**
   * How long before expiry cert-manager renews. The default keeps more than the 60 days of validity
   * `linkerd check` warns about.
   * @default '2160h'
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly renewBefore?: string;
}

/**
 * The internal CA for TLS outside the mesh (Keycloak's HTTPS, PostgreSQL, client certificates): a root
 * certificate and a CA ClusterIssuer that signs each service's certificate.
 */
export interface ServiceCaProps {
  /**
   * Whether the library emits the internal service CA.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Key algorithm of the root.
   * @default KeyAlgorithm.RSA_4096
   */
  readonly keyAlgorithm?: KeyAlgorithm;

  /**
   * Lifetime of the self-signed root.
   * @default '87600h' (10 years)
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly duration?: string;

  /**
   * How long before expiry cert-manager renews the root.
   * @default '8760h' (1 year)
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly renewBefore?: string;

  /**
   * Default lifetime of service certificates.
   * @default '2160h' (90 days)
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly certificateDuration?: string;

  /**
   * Default time before expiry at which service certificates renew.
   * @default '720h' (30 days)
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly certificateRenewBefore?: string;

  /**
   * Sign service certificates with an externally held CA instead of the self-signed root.
   * @default - a self-signed root in the cluster resource namespace
   */
  readonly externalCa?: ExternalCaProps;
}

/** Certificates for the platform: Linkerd's mesh identity and the internal service CA (cert-manager, trust-manager). */
export interface PkiProps {
  /**
   * cert-manager's cluster resource namespace: where ClusterIssuers read their CA Secrets. It also holds
   * the root keys and must be trust-manager's trust namespace.
   * @default 'cert-manager'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly certManagerNamespace?: string;

  /**
   * The cluster's DNS domain, used in service certificates' DNS names and Linkerd's identity names.
   * @default 'cluster.local'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly clusterDomain?: string;

  /**
   * Linkerd's mesh identity.
   * @default - a self-signed ECDSA P-256 trust anchor and a 48h identity issuer
   */
  readonly meshIdentity?: MeshIdentityProps;

  /**
   * Certificates for Linkerd's admission webhooks.
   * @default - none: Linkerd generates its own webhook certificates
   */
  readonly linkerdWebhooks?: LinkerdWebhookCertificatesProps;

  /**
   * The internal service CA.
   * @default - a self-signed RSA 4096 root
   */
  readonly serviceCa?: ServiceCaProps;
}

/** A certificate the internal service CA issues for one service. */
export interface ServiceTlsProps {
  /**
   * What the certificate is for.
   * @default TlsUsage.SERVER
   */
  readonly usage?: TlsUsage;

  /**
   * Secret the certificate and key are written to, in the service's namespace; the workload mounts it.
   * @default '<service>-tls'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly secretName?: string;

  /**
   * Certificate lifetime, a Go duration.
   * @default - `pki.serviceCa.certificateDuration`
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly duration?: string;

  /**
   * How long before expiry cert-manager renews.
   * @default - `pki.serviceCa.certificateRenewBefore`
   * @pattern ^(0|\+?(([0-9]+(\.[0-9]{0,})?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly renewBefore?: string;

  /**
   * Key algorithm.
   * @default KeyAlgorithm.ECDSA_P256
   */
  readonly keyAlgorithm?: KeyAlgorithm;

  /**
   * DNS names in addition to the Kubernetes Service's `<service>.<namespace>.svc` and
   * `<service>.<namespace>.svc.<clusterDomain>`.
   * @default - none
   */
  readonly dnsNames?: string[];
}
