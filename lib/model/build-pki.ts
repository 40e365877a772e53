import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { ExternalCaProps, KeyAlgorithm, PkiProps, TlsUsage } from '../blueprint/pki';
import { ServiceProps } from '../blueprint/service';
import { IssueCollector } from './errors';
import { HOUR_NANOS, MINUTE_NANOS, parseGoDuration } from './go-duration';
import { ServiceModel, ZoneModel } from './model';
import { checkDnsLabel, checkDnsSubdomain } from './names';
import {
  CA_BUNDLE_KEY, CaModel, CaSource, LifetimeModel, LinkerdWebhooksModel, MeshIdentityModel, PKI_NAMES, PkiModel,
  ServiceCaModel, ServiceTlsModel, TrustSourceModel, VaultModel,
} from './pki-model';

/** Defaults: a 10-year anchor renewed a year early, Linkerd's 48h/25h issuer, 90-day service certificates. */
export const PKI_DEFAULTS = {
  certManagerNamespace: 'cert-manager',
  clusterDomain: 'cluster.local',
  trustAnchor: { duration: '87600h', renewBefore: '8760h' },
  identityIssuer: { duration: '48h', renewBefore: '25h' },
  serviceCaRoot: { duration: '87600h', renewBefore: '8760h' },
  serviceCertificate: { duration: '2160h', renewBefore: '720h' },
  webhookCertificate: { duration: '8760h', renewBefore: '2160h' },
  serviceCaKeyAlgorithm: KeyAlgorithm.RSA_4096,
  serviceKeyAlgorithm: KeyAlgorithm.ECDSA_P256,
} as const;

/** cert-manager's own limits on Certificate lifetimes (webhook validation). */
const MIN_DURATION = HOUR_NANOS;
const MIN_RENEW_BEFORE = 5n * MINUTE_NANOS;

/** Linkerd's webhooks: Certificate (and Service) name, Secret name, whether the key must be PKCS#8. */
const LINKERD_WEBHOOKS: readonly { name: string; secretName: string; pkcs8: boolean }[] = [
  { name: 'linkerd-policy-validator', secretName: 'linkerd-policy-validator-k8s-tls', pkcs8: true },
  { name: 'linkerd-proxy-injector', secretName: 'linkerd-proxy-injector-k8s-tls', pkcs8: false },
  { name: 'linkerd-sp-validator', secretName: 'linkerd-sp-validator-k8s-tls', pkcs8: false },
];

/**
 * Validates and normalizes `pki`: the mesh identity, the internal service CA and the webhook certificates.
 * Also checks what only the whole blueprint shows (two services writing one Secret, `tls` without `pki`).
 */
export function buildPki(
  props: ZeroTrustBlueprintProps,
  services: readonly ServiceModel[],
  zones: readonly ZoneModel[],
  linkerdNamespace: string,
  issues: IssueCollector,
): PkiModel | undefined {
  checkServiceSecrets(services, issues);
  const pki = props.pki;
  if (!pki) {
    return undefined;
  }
  const certManagerNamespace = pki.certManagerNamespace ?? PKI_DEFAULTS.certManagerNamespace;
  issues.check('ZT-PKI-001', 'pki.certManagerNamespace', checkDnsLabel(certManagerNamespace));
  const zone = zones.find((z) => z.namespace === certManagerNamespace);
  if (zone) {
    issues.add('ZT-PKI-002', 'pki.certManagerNamespace', `"${certManagerNamespace}" is the namespace of zone "${zone.name}": the root keys must not share a namespace with workloads`);
  }
  if (certManagerNamespace === linkerdNamespace) {
    issues.add('ZT-PKI-003', 'pki.certManagerNamespace', `"${certManagerNamespace}" is also the Linkerd namespace: keep the trust anchor's key away from the control plane, which only needs the identity issuer`);
  }
  const clusterDomain = pki.clusterDomain ?? PKI_DEFAULTS.clusterDomain;
  issues.check('ZT-PKI-004', 'pki.clusterDomain', checkDnsSubdomain(clusterDomain));

  const serviceCa = buildServiceCa(pki, certManagerNamespace, issues);
  return {
    certManagerNamespace,
    clusterDomain,
    meshIdentity: buildMeshIdentity(pki, certManagerNamespace, clusterDomain, linkerdNamespace, issues),
    serviceCa,
    linkerdWebhooks: buildWebhooks(pki, serviceCa, linkerdNamespace, issues),
  };
}

/** The certificate of one service (`services[i].tls`), or undefined when it asks for none. */
export function buildServiceTls(
  svc: ServiceProps,
  path: string,
  namespace: string,
  pki: PkiProps | undefined,
  issues: IssueCollector,
): ServiceTlsModel | undefined {
  const tls = svc.tls;
  if (!tls) {
    return undefined;
  }
  const tlsPath = `${path}.tls`;
  if (!pki) {
    issues.add('ZT-PKI-005', tlsPath, 'service certificates come from the internal service CA: add `pki` to the blueprint (`pki: {}` for the defaults)');
  } else if (pki.serviceCa?.enabled === false) {
    issues.add('ZT-PKI-006', tlsPath, 'service certificates come from the internal service CA, which `pki.serviceCa.enabled: false` turns off');
  }
  const clusterDomain = pki?.clusterDomain ?? PKI_DEFAULTS.clusterDomain;
  const secretName = tls.secretName ?? `${svc.name}-tls`;
  issues.check('ZT-PKI-007', `${tlsPath}.secretName`, checkDnsSubdomain(secretName));

  const exposed = (svc.expose ?? true) && (svc.ports ?? []).length > 0;
  const inCluster = exposed ? [`${svc.name}.${namespace}.svc`, `${svc.name}.${namespace}.svc.${clusterDomain}`] : [];
  const extra = tls.dnsNames ?? [];
  extra.forEach((name, i) => issues.check('ZT-PKI-008', `${tlsPath}.dnsNames[${i}]`, checkCertificateDnsName(name)));
  const dnsNames = [...new Set([...inCluster, ...extra])];
  if (dnsNames.length === 0) {
    const why = svc.expose === false ? '`expose: false`' : 'no ports';
    issues.add('ZT-PKI-009', tlsPath, `service "${svc.name}" has no DNS name to put in its certificate: it gets no Kubernetes Service (${why}); list the names clients use in \`tls.dnsNames\``);
  }

  const keyAlgorithm = tls.keyAlgorithm ?? PKI_DEFAULTS.serviceKeyAlgorithm;
  const lifetime = buildLifetime(
    tlsPath,
    { duration: tls.duration, renewBefore: tls.renewBefore },
    {
      duration: pki?.serviceCa?.certificateDuration ?? PKI_DEFAULTS.serviceCertificate.duration,
      renewBefore: pki?.serviceCa?.certificateRenewBefore ?? PKI_DEFAULTS.serviceCertificate.renewBefore,
    },
    issues,
  );
  const usage = tls.usage ?? TlsUsage.SERVER;
  return {
    certificateName: svc.name,
    secretName,
    usage,
    usages: leafUsages(usage, keyAlgorithm),
    dnsNames,
    commonName: dnsNames[0] !== undefined && dnsNames[0].length <= 64 ? dnsNames[0] : undefined,
    keyAlgorithm,
    lifetime,
    issuerName: PKI_NAMES.serviceCa,
  };
}

/** Usages of an end-entity certificate: `key encipherment` only for RSA, the one key type that encrypts. */
export function leafUsages(usage: TlsUsage, keyAlgorithm: KeyAlgorithm): string[] {
  const usages = ['digital signature'];
  if (isRsa(keyAlgorithm)) {
    usages.push('key encipherment');
  }
  if (usage !== TlsUsage.CLIENT) {
    usages.push('server auth');
  }
  if (usage !== TlsUsage.SERVER) {
    usages.push('client auth');
  }
  return usages;
}

export function isRsa(keyAlgorithm: KeyAlgorithm): boolean {
  return keyAlgorithm === KeyAlgorithm.RSA_2048 || keyAlgorithm === KeyAlgorithm.RSA_3072 || keyAlgorithm === KeyAlgorithm.RSA_4096;
}

function buildMeshIdentity(
  pki: PkiProps,
  certManagerNamespace: string,
  clusterDomain: string,
  linkerdNamespace: string,
  issues: IssueCollector,
): MeshIdentityModel | undefined {
  const mesh = pki.meshIdentity ?? {};
  if (mesh.enabled === false) {
    return undefined;
  }
  const path = 'pki.meshIdentity';
  const keyAlgorithm = mesh.keyAlgorithm ?? KeyAlgorithm.ECDSA_P256;
  if (keyAlgorithm !== KeyAlgorithm.ECDSA_P256) {
    issues.add('ZT-PKI-010', `${path}.keyAlgorithm`, `Linkerd accepts only ECDSA P-256 keys for its trust anchor and identity issuer ("${keyAlgorithm}" requested): remove \`keyAlgorithm\` or set it to "${KeyAlgorithm.ECDSA_P256}"`);
  }
  const issuerLifetime = buildLifetime(
    path,
    { duration: mesh.issuerDuration, renewBefore: mesh.issuerRenewBefore },
    PKI_DEFAULTS.identityIssuer,
    issues,
    { duration: 'issuerDuration', renewBefore: 'issuerRenewBefore' },
  );
  const ca = buildCa(`${path}.externalCa`, mesh.externalCa, {
    clusterIssuerName: PKI_NAMES.identityIssuer,
    rootIssuerName: PKI_NAMES.trustRootIssuer,
    rootCertificateName: PKI_NAMES.trustAnchor,
    rootCommonName: `root.linkerd.${clusterDomain}`,
    rootKeyAlgorithm: KeyAlgorithm.ECDSA_P256,
    rootLifetime: () => buildLifetime(
      path,
      { duration: mesh.trustAnchorDuration, renewBefore: mesh.trustAnchorRenewBefore },
      PKI_DEFAULTS.trustAnchor,
      issues,
      { duration: 'trustAnchorDuration', renewBefore: 'trustAnchorRenewBefore' },
    ),
  }, certManagerNamespace, issues);
  return {
    ca,
    issuer: {
      namespace: linkerdNamespace,
      name: PKI_NAMES.identityIssuer,
      secretName: PKI_NAMES.identityIssuer,
      commonName: `identity.${linkerdNamespace}.${clusterDomain}`,
      keyAlgorithm: KeyAlgorithm.ECDSA_P256,
      lifetime: issuerLifetime,
    },
    trustBundleName: PKI_NAMES.identityTrustRoots,
  };
}

function buildServiceCa(pki: PkiProps, certManagerNamespace: string, issues: IssueCollector): ServiceCaModel | undefined {
  const props = pki.serviceCa ?? {};
  if (props.enabled === false) {
    return undefined;
  }
  const path = 'pki.serviceCa';
  const certificateLifetime = buildLifetime(
    path,
    { duration: props.certificateDuration, renewBefore: props.certificateRenewBefore },
    PKI_DEFAULTS.serviceCertificate,
    issues,
    { duration: 'certificateDuration', renewBefore: 'certificateRenewBefore' },
  );
  const ca = buildCa(`${path}.externalCa`, props.externalCa, {
    clusterIssuerName: PKI_NAMES.serviceCa,
    rootIssuerName: PKI_NAMES.serviceCaRootIssuer,
    rootCertificateName: PKI_NAMES.serviceCa,
    rootCommonName: 'zero-trust internal service CA',
    rootKeyAlgorithm: props.keyAlgorithm ?? PKI_DEFAULTS.serviceCaKeyAlgorithm,
    rootLifetime: () => buildLifetime(path, { duration: props.duration, renewBefore: props.renewBefore }, PKI_DEFAULTS.serviceCaRoot, issues),
  }, certManagerNamespace, issues);
  return { ca, trustBundleName: PKI_NAMES.serviceCa, certificateLifetime };
}

function buildWebhooks(
  pki: PkiProps,
  serviceCa: ServiceCaModel | undefined,
  linkerdNamespace: string,
  issues: IssueCollector,
): LinkerdWebhooksModel | undefined {
  const props = pki.linkerdWebhooks;
  if (props?.enabled !== true) {
    return undefined;
  }
  const path = 'pki.linkerdWebhooks';
  if (!serviceCa) {
    issues.add('ZT-PKI-011', `${path}.enabled`, 'the webhook certificates are issued by the internal service CA, which `pki.serviceCa.enabled: false` turns off');
  }
  return {
    namespace: linkerdNamespace,
    issuerName: PKI_NAMES.serviceCa,
    lifetime: buildLifetime(path, props, PKI_DEFAULTS.webhookCertificate, issues),
    certificates: LINKERD_WEBHOOKS.map((w) => ({ ...w, dnsName: `${w.name}.${linkerdNamespace}.svc` })),
  };
}

interface SelfSignedCa {
  readonly clusterIssuerName: string;
  readonly rootIssuerName: string;
  readonly rootCertificateName: string;
  readonly rootCommonName: string;
  readonly rootKeyAlgorithm: KeyAlgorithm;
  /** Validated only for a self-signed CA: an external CA's lifetime is not ours to set. */
  readonly rootLifetime: () => LifetimeModel;
}

function buildCa(
  path: string,
  external: ExternalCaProps | undefined,
  selfSigned: SelfSignedCa,
  certManagerNamespace: string,
  issues: IssueCollector,
): CaModel {
  const base = { clusterIssuerName: selfSigned.clusterIssuerName, rootKeyAlgorithm: selfSigned.rootKeyAlgorithm };
  if (!external) {
    return {
      ...base,
      source: CaSource.SELF_SIGNED,
      rootIssuerName: selfSigned.rootIssuerName,
      rootCertificateName: selfSigned.rootCertificateName,
      rootCommonName: selfSigned.rootCommonName,
      rootLifetime: selfSigned.rootLifetime(),
      secretName: selfSigned.rootCertificateName,
      trustSource: { kind: 'secret', name: selfSigned.rootCertificateName, key: 'tls.crt' },
    };
  }
  const set = [external.secretName !== undefined, external.vault !== undefined].filter(Boolean).length;
  if (set !== 1) {
    issues.add('ZT-PKI-012', path, 'set exactly one of `secretName` (an existing CA Secret) and `vault`');
  }
  if (external.trustBundleConfigMap !== undefined) {
    issues.check('ZT-PKI-013', `${path}.trustBundleConfigMap`, checkDnsSubdomain(external.trustBundleConfigMap));
  }
  const configMapSource: TrustSourceModel | undefined = external.trustBundleConfigMap !== undefined
    ? { kind: 'configMap', name: external.trustBundleConfigMap, key: CA_BUNDLE_KEY }
    : undefined;
  if (external.vault) {
    if (!configMapSource) {
      issues.add('ZT-PKI-014', `${path}.trustBundleConfigMap`, `Vault keeps the CA certificate out of the cluster: publish it in a ConfigMap in namespace "${certManagerNamespace}" (key \`${CA_BUNDLE_KEY}\`) and name it here, so trust bundles can carry it`);
    }
    return {
      ...base,
      source: CaSource.VAULT,
      vault: buildVault(`${path}.vault`, external, issues),
      trustSource: configMapSource ?? { kind: 'configMap', name: '', key: CA_BUNDLE_KEY },
    };
  }
  const secretName = external.secretName ?? '';
  issues.check('ZT-PKI-015', `${path}.secretName`, checkDnsSubdomain(secretName));
  return {
    ...base,
    source: CaSource.SECRET,
    secretName,
    trustSource: configMapSource ?? { kind: 'secret', name: secretName, key: 'tls.crt' },
  };
}

function buildVault(path: string, external: ExternalCaProps, issues: IssueCollector): VaultModel {
  const vault = external.vault!;
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(vault.server)) {
    issues.add('ZT-PKI-016', `${path}.server`, `"${vault.server}" is not a Vault address: write a URL such as https://vault.example.com:8200`);
  }
  if (!/^[^/\s][^\s]*$/.test(vault.path) || vault.path.startsWith('v1/')) {
    issues.add('ZT-PKI-017', `${path}.path`, `"${vault.path}" is not a Vault PKI path: write the endpoint without a leading "/" or "v1/", such as pki_int/sign/internal-services`);
  }
  if (vault.vaultNamespace !== undefined && vault.vaultNamespace.trim() === '') {
    issues.add('ZT-PKI-018', `${path}.vaultNamespace`, 'an empty Vault namespace: remove the field for the root namespace');
  }
  if (vault.caBundleSecretName !== undefined) {
    issues.check('ZT-PKI-019', `${path}.caBundleSecretName`, checkDnsSubdomain(vault.caBundleSecretName));
  }
  const auth = vault.auth;
  const methods = [auth.kubernetesRole !== undefined, auth.tokenSecretName !== undefined].filter(Boolean).length;
  if (methods !== 1) {
    issues.add('ZT-PKI-020', `${path}.auth`, 'set exactly one of `kubernetesRole` (with `serviceAccountName`) and `tokenSecretName`');
  }
  if (auth.kubernetesRole !== undefined) {
    if (auth.serviceAccountName === undefined) {
      issues.add('ZT-PKI-021', `${path}.auth.serviceAccountName`, 'Kubernetes auth needs the ServiceAccount whose token cert-manager presents to Vault');
    } else {
      issues.check('ZT-PKI-022', `${path}.auth.serviceAccountName`, checkDnsSubdomain(auth.serviceAccountName));
    }
  }
  if (auth.tokenSecretName !== undefined) {
    issues.check('ZT-PKI-023', `${path}.auth.tokenSecretName`, checkDnsSubdomain(auth.tokenSecretName));
  }
  const kubernetes = auth.kubernetesRole !== undefined;
  return {
    server: vault.server,
    path: vault.path,
    vaultNamespace: vault.vaultNamespace,
    caBundleSecretName: vault.caBundleSecretName,
    kubernetesRole: auth.kubernetesRole,
    kubernetesMountPath: kubernetes ? auth.kubernetesMountPath ?? '/v1/auth/kubernetes' : undefined,
    serviceAccountName: kubernetes ? auth.serviceAccountName : undefined,
    tokenSecretName: auth.tokenSecretName,
    tokenSecretKey: auth.tokenSecretName !== undefined ? auth.tokenSecretKey ?? 'token' : undefined,
  };
}

/**
 * Applies defaults and checks a duration pair the way cert-manager will: Go syntax, duration of at least
 * 1h, renewBefore of at least 5m, and renewBefore shorter than the duration (otherwise cert-manager
 * renews on every sync). Issues go to `<path>.<field>`.
 */
function buildLifetime(
  path: string,
  given: { duration?: string; renewBefore?: string },
  defaults: LifetimeModel,
  issues: IssueCollector,
  fields: { duration: string; renewBefore: string } = { duration: 'duration', renewBefore: 'renewBefore' },
): LifetimeModel {
  const duration = given.duration ?? defaults.duration;
  const renewBefore = given.renewBefore ?? defaults.renewBefore;
  const durationPath = `${path}.${fields.duration}`;
  const renewPath = `${path}.${fields.renewBefore}`;
  const d = parseGoDuration(duration);
  const r = parseGoDuration(renewBefore);
  if (d === undefined) {
    issues.add('ZT-PKI-024', durationPath, notADuration(duration));
  } else if (d < MIN_DURATION) {
    issues.add('ZT-PKI-025', durationPath, `${duration} is shorter than cert-manager's minimum certificate duration of 1h`);
  }
  if (r === undefined) {
    issues.add('ZT-PKI-026', renewPath, notADuration(renewBefore));
  } else if (r < MIN_RENEW_BEFORE) {
    issues.add('ZT-PKI-027', renewPath, `${renewBefore} is shorter than cert-manager's minimum renewBefore of 5m`);
  }
  if (d !== undefined && r !== undefined && r >= d) {
    issues.add('ZT-PKI-028', renewPath, `renewBefore ${renewBefore} is not shorter than the duration ${duration}: the certificate would be due for renewal as soon as it is issued; make renewBefore shorter than the duration`);
  }
  return { duration, renewBefore };
}

function notADuration(text: string): string {
  return `"${text}" is not a Go duration: write a number and a unit (h, m, s), such as 2160h or 90m`;
}

/** Two Certificates writing one Secret would overwrite each other's keys on every renewal. */
function checkServiceSecrets(services: readonly ServiceModel[], issues: IssueCollector): void {
  const owners = new Map<string, { service: string }>();
  services.forEach((service) => {
    if (!service.tls) {
      return;
    }
    const key = `${service.namespace}/${service.tls.secretName}`;
    const owner = owners.get(key);
    if (owner) {
      issues.add('ZT-PKI-029', `${service.path}.tls.secretName`, `Secret "${service.tls.secretName}" in namespace "${service.namespace}" is already written by the certificate of service "${owner.service}": give each service its own secretName`);
    } else {
      owners.set(key, { service: service.name });
    }
  });
}

/** A DNS SAN: a DNS-1123 subdomain, optionally with a leading wildcard label. */
function checkCertificateDnsName(name: string): string | undefined {
  const problem = checkDnsSubdomain(name.startsWith('*.') ? name.slice(2) : name);
  return problem ? `"${name}" is not a DNS name for a certificate: use lowercase letters, digits, '-' and '.', optionally starting with "*."` : undefined;
}

