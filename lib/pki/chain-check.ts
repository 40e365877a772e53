import { parseGoDuration } from '../model/go-duration';

/** What the chain check needs to know beyond the manifests. */
export interface ChainCheckOptions {
  /** cert-manager's cluster resource namespace, where ClusterIssuers read their Secrets. */
  readonly clusterResourceNamespace: string;
  /** trust-manager's trust namespace, where Bundles read their sources. */
  readonly trustNamespace: string;
  /** Secrets (`namespace/name`) that exist outside the manifests: externally held CAs. */
  readonly externalSecrets?: readonly string[];
  /** ConfigMaps (`namespace/name`) that exist outside the manifests. */
  readonly externalConfigMaps?: readonly string[];
}

const GROUP = 'cert-manager.io';

/**
 * Problems in the certificate chain of a set of manifests: issuer references that resolve to nothing,
 * CA issuers whose Secret no CA Certificate produces where the issuer reads it, Linkerd certificates that
 * are not ECDSA P-256, renewBefore not shorter than duration, two Certificates writing one Secret, and
 * trust bundles reading Secrets nobody writes. Empty when the chain is whole.
 */
export function certificateChainProblems(manifests: readonly any[], opts: ChainCheckOptions): string[] {
  const problems: string[] = [];
  const certificates = manifests.filter((m) => m?.apiVersion === `${GROUP}/v1` && m.kind === 'Certificate');
  const issuers = new Map<string, any>(manifests
    .filter((m) => m?.apiVersion === `${GROUP}/v1` && m.kind === 'Issuer')
    .map((m) => [`${m.metadata.namespace}/${m.metadata.name}`, m]));
  const clusterIssuers = new Map<string, any>(manifests
    .filter((m) => m?.apiVersion === `${GROUP}/v1` && m.kind === 'ClusterIssuer')
    .map((m) => [m.metadata.name, m]));
  const external = new Set(opts.externalSecrets ?? []);

  const writers = new Map<string, any>();
  for (const cert of certificates) {
    const id = `Certificate ${cert.metadata.namespace}/${cert.metadata.name}`;
    const spec = cert.spec ?? {};
    const secret = `${cert.metadata.namespace}/${spec.secretName}`;
    const other = writers.get(secret);
    if (other) {
      problems.push(`${id} writes Secret ${secret}, which Certificate ${other.metadata.namespace}/${other.metadata.name} writes too`);
    }
    writers.set(secret, cert);

    const ref = spec.issuerRef ?? {};
    const kind = ref.kind ?? 'Issuer';
    if ((ref.group ?? GROUP) !== GROUP) {
      problems.push(`${id} refers to an issuer of group ${ref.group}, not ${GROUP}`);
    } else if (kind === 'ClusterIssuer' ? !clusterIssuers.has(ref.name) : kind !== 'Issuer' || !issuers.has(`${cert.metadata.namespace}/${ref.name}`)) {
      problems.push(`${id} refers to ${kind} "${ref.name}", which does not exist${kind === 'Issuer' ? ` in namespace ${cert.metadata.namespace}` : ''}`);
    }

    if (spec.duration !== undefined || spec.renewBefore !== undefined) {
      const duration = parseGoDuration(spec.duration ?? '2160h');
      const renewBefore = spec.renewBefore === undefined ? undefined : parseGoDuration(spec.renewBefore);
      if (duration === undefined || (spec.renewBefore !== undefined && renewBefore === undefined)) {
        problems.push(`${id} has a duration or renewBefore that is not a Go duration`);
      } else if (renewBefore !== undefined && renewBefore >= duration) {
        problems.push(`${id} renews ${spec.renewBefore} before expiry but lives only ${spec.duration}`);
      }
    }

    if (String(cert.metadata.name).startsWith('linkerd-')) {
      const key = spec.privateKey ?? {};
      if (key.algorithm !== 'ECDSA' || (key.size !== undefined && key.size !== 256)) {
        problems.push(`${id} is a Linkerd certificate but its key is ${key.algorithm ?? 'RSA (the default)'} ${key.size ?? ''}`.trim() + ', not ECDSA P-256');
      }
    }
  }

  const caIssuers: [string, any, string][] = [
    ...[...issuers.values()].map((i): [string, any, string] => [`Issuer ${i.metadata.namespace}/${i.metadata.name}`, i, i.metadata.namespace]),
    ...[...clusterIssuers.values()].map((i): [string, any, string] => [`ClusterIssuer ${i.metadata.name}`, i, opts.clusterResourceNamespace]),
  ];
  for (const [id, issuer, readsFrom] of caIssuers) {
    const secretName = issuer.spec?.ca?.secretName;
    if (secretName === undefined) {
      continue;
    }
    const secret = `${readsFrom}/${secretName}`;
    const producer = writers.get(secret);
    if (producer && producer.spec?.isCA !== true) {
      problems.push(`${id} signs with Secret ${secret}, but Certificate ${producer.metadata.name} that writes it is not a CA (isCA)`);
    } else if (!producer && !external.has(secret)) {
      problems.push(`${id} signs with Secret ${secret}, which no Certificate in namespace ${readsFrom} writes`);
    }
  }

  const externalConfigMaps = new Set(opts.externalConfigMaps ?? []);
  for (const bundle of manifests.filter((m) => m?.apiVersion === 'trust.cert-manager.io/v1alpha1' && m.kind === 'Bundle')) {
    for (const source of bundle.spec?.sources ?? []) {
      const name = source.secret?.name ?? source.configMap?.name;
      if (name === undefined) {
        continue;
      }
      const ref = `${opts.trustNamespace}/${name}`;
      const exists = source.secret ? writers.has(ref) || external.has(ref) : externalConfigMaps.has(ref);
      if (!exists) {
        problems.push(`Bundle ${bundle.metadata.name} reads ${source.secret ? 'Secret' : 'ConfigMap'} ${ref}, which nothing writes: trust-manager stops syncing a Bundle whose named source is missing`);
      }
    }
  }
  return problems;
}
