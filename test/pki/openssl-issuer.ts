// Issues real certificates with openssl exactly as cert-manager would from the emitted Certificates: the
// key algorithm, size and encoding of `privateKey`, `isCA`, `usages`, `commonName`, `dnsNames` and
// `duration`, signed by whatever the `issuerRef` resolves to (self-signed Issuer or CA issuer Secret).
import { execFileSync } from 'child_process';
import { X509Certificate } from 'crypto';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseGoDuration } from '../../lib/model/go-duration';

export interface Issued {
  readonly certFile: string;
  readonly keyFile: string;
  readonly keyPem: string;
  readonly certPem: string;
  readonly x509: X509Certificate;
}

/** What to issue: the fields of a cert-manager Certificate spec the test interprets. */
export interface CertificateRequest {
  readonly commonName?: string;
  readonly dnsNames?: string[];
  readonly isCA?: boolean;
  readonly usages?: string[];
  readonly duration?: string;
  readonly privateKey?: { algorithm?: string; size?: number; encoding?: string };
}

const KEY_USAGE: Record<string, string> = {
  'digital signature': 'digitalSignature',
  'key encipherment': 'keyEncipherment',
  'cert sign': 'keyCertSign',
  'crl sign': 'cRLSign',
};
const EXT_KEY_USAGE: Record<string, string> = { 'server auth': 'serverAuth', 'client auth': 'clientAuth' };
const CURVES: Record<number, string> = { 256: 'P-256', 384: 'P-384', 521: 'P-521' };
const HOUR = 3_600_000_000_000n;

export function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `openssl verify`; returns the tool's verdict instead of throwing on a failed verification. */
export function verify(args: string[]): { ok: boolean; output: string } {
  try {
    const out = execFileSync('openssl', ['verify', ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { ok: /: OK\s*$/.test(out), output: out };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** The certificate's signature algorithm as openssl names it (`ecdsa-with-SHA256`, `sha256WithRSAEncryption`). */
export function signatureAlgorithm(certFile: string): string {
  const text = openssl(['x509', '-in', certFile, '-noout', '-text']);
  return /Signature Algorithm: (\S+)/.exec(text)![1];
}

/** Lifetime in nanoseconds: notAfter - notBefore. */
export function lifetimeNanos(x509: X509Certificate): bigint {
  return BigInt(Date.parse(x509.validTo) - Date.parse(x509.validFrom)) * 1_000_000n;
}

export class OpensslIssuer {
  private readonly dir = mkdtempSync(join(tmpdir(), 'zt-pki-chain-'));
  private serial = 1;

  /** A certificate as a cert-manager Certificate with this spec describes it, signed by `signer` (self-signed without). */
  public issue(name: string, spec: CertificateRequest, signer?: Issued): Issued {
    const serialNumber = this.serial++;
    // The serial keeps files apart when one name is issued twice (an anchor before and after rotation).
    const base = join(this.dir, `${serialNumber}-${name.replace(/[^a-z0-9.-]/gi, '_')}`);
    const keyFile = `${base}.key`;
    const certFile = `${base}.crt`;
    const cfgFile = `${base}.cnf`;
    this.generateKey(keyFile, spec.privateKey ?? {});
    writeFileSync(cfgFile, this.config(spec, signer !== undefined));
    const days = this.days(spec.duration ?? '2160h');
    const serial = `0x${serialNumber.toString(16).padStart(8, '0')}`;
    if (!signer) {
      openssl(['req', '-x509', '-new', '-key', keyFile, '-config', cfgFile, '-extensions', 'ext', '-days', days, '-set_serial', serial, ...this.digest(keyFile), '-out', certFile]);
    } else {
      const csrFile = `${base}.csr`;
      openssl(['req', '-new', '-key', keyFile, '-config', cfgFile, '-out', csrFile]);
      openssl(['x509', '-req', '-in', csrFile, '-CA', signer.certFile, '-CAkey', signer.keyFile, '-set_serial', serial, '-days', days,
        '-extfile', cfgFile, '-extensions', 'ext', ...this.digest(signer.keyFile), '-out', certFile]);
    }
    const certPem = readFileSync(certFile, 'utf8');
    return { certFile, keyFile, certPem, keyPem: readFileSync(keyFile, 'utf8'), x509: new X509Certificate(certPem) };
  }

  /** A file holding several certificates, as a trust bundle does. */
  public bundle(name: string, certs: Issued[]): string {
    const file = join(this.dir, `${name}.pem`);
    writeFileSync(file, certs.map((c) => c.certPem).join(''));
    return file;
  }

  private generateKey(keyFile: string, key: { algorithm?: string; size?: number; encoding?: string }): void {
    const algorithm = key.algorithm ?? 'RSA';
    const args = algorithm === 'RSA' ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${key.size ?? 2048}`]
      : algorithm === 'ECDSA' ? ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${CURVES[key.size ?? 256]}`]
        : algorithm === 'Ed25519' ? ['-algorithm', 'ED25519'] : undefined;
    if (!args) {
      throw new Error(`unknown key algorithm ${algorithm}`);
    }
    openssl(['genpkey', ...args, '-out', keyFile]);
    // genpkey writes PKCS#8; cert-manager's default encoding (PKCS1) is the "traditional" form. Ed25519 has none.
    if ((key.encoding ?? 'PKCS1') === 'PKCS1' && algorithm !== 'Ed25519') {
      openssl(['pkey', '-in', keyFile, '-traditional', '-out', `${keyFile}.pkcs1`]);
      renameSync(`${keyFile}.pkcs1`, keyFile);
    }
  }

  /** The digest Go's x509 picks for the signer's key (cert-manager signs with Go). */
  private digest(signerKeyFile: string): string[] {
    const text = openssl(['pkey', '-in', signerKeyFile, '-noout', '-text']);
    if (/ED25519/i.test(text.split('\n')[0])) {
      return [];
    }
    if (/NIST CURVE: P-384/.test(text)) {
      return ['-sha384'];
    }
    if (/NIST CURVE: P-521/.test(text)) {
      return ['-sha512'];
    }
    return ['-sha256'];
  }

  private days(duration: string): string {
    const nanos = parseGoDuration(duration);
    if (nanos === undefined || nanos % (24n * HOUR) !== 0n) {
      throw new Error(`openssl x509 takes whole days; ${duration} is not`);
    }
    return String(nanos / (24n * HOUR));
  }

  private config(spec: CertificateRequest, signed: boolean): string {
    if (!spec.commonName) {
      throw new Error('the test issues only certificates with a common name');
    }
    const usages = spec.usages ?? ['digital signature', 'key encipherment'];
    const keyUsage = usages.filter((u) => KEY_USAGE[u]).map((u) => KEY_USAGE[u]);
    const extKeyUsage = usages.filter((u) => EXT_KEY_USAGE[u]).map((u) => EXT_KEY_USAGE[u]);
    const unknown = usages.filter((u) => !KEY_USAGE[u] && !EXT_KEY_USAGE[u]);
    if (unknown.length > 0) {
      throw new Error(`no openssl mapping for usages ${unknown.join(', ')}`);
    }
    return [
      '[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', `CN = ${spec.commonName}`,
      '[ext]',
      `basicConstraints = critical, CA:${spec.isCA ? 'TRUE' : 'FALSE'}`,
      ...(keyUsage.length > 0 ? [`keyUsage = critical, ${keyUsage.join(', ')}`] : []),
      ...(extKeyUsage.length > 0 ? [`extendedKeyUsage = ${extKeyUsage.join(', ')}`] : []),
      ...(spec.dnsNames?.length ? [`subjectAltName = ${spec.dnsNames.map((d) => `DNS:${d}`).join(', ')}`] : []),
      'subjectKeyIdentifier = hash',
      ...(signed ? ['authorityKeyIdentifier = keyid:always'] : []),
      '',
    ].join('\n');
  }
}

/**
 * Issues every Certificate of `manifests` the way cert-manager would, following each `issuerRef` to a
 * self-signed Issuer or to the CA Secret a CA issuer reads (ClusterIssuers read the cluster resource
 * namespace). Throws for issuers the test cannot play (Vault).
 */
export class ChainFromManifests {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly manifests: readonly any[],
    private readonly issuer: OpensslIssuer,
    private readonly clusterResourceNamespace: string,
  ) {}

  public certificate(namespace: string, name: string): Issued {
    const key = `${namespace}/${name}`;
    const existing = this.issued.get(key);
    if (existing) {
      return existing;
    }
    const cert = this.manifests.find((m) => m.kind === 'Certificate' && m.metadata.namespace === namespace && m.metadata.name === name);
    if (!cert) {
      throw new Error(`no Certificate ${key}`);
    }
    const issued = this.issuer.issue(key, cert.spec, this.signer(cert));
    this.issued.set(key, issued);
    return issued;
  }

  private signer(cert: any): Issued | undefined {
    const ref = cert.spec.issuerRef;
    const cluster = ref.kind === 'ClusterIssuer';
    const issuer = this.manifests.find((m) => m.kind === (cluster ? 'ClusterIssuer' : 'Issuer') && m.metadata.name === ref.name
      && (cluster || m.metadata.namespace === cert.metadata.namespace));
    if (!issuer) {
      throw new Error(`${cert.metadata.name}: issuer ${ref.kind} ${ref.name} not found`);
    }
    if (issuer.spec.selfSigned) {
      return undefined;
    }
    if (!issuer.spec.ca) {
      throw new Error(`${cert.metadata.name}: the test plays only self-signed and CA issuers`);
    }
    const namespace = cluster ? this.clusterResourceNamespace : issuer.metadata.namespace;
    const producer = this.manifests.find((m) => m.kind === 'Certificate' && m.metadata.namespace === namespace && m.spec.secretName === issuer.spec.ca.secretName);
    if (!producer) {
      throw new Error(`${issuer.metadata.name}: no Certificate writes ${namespace}/${issuer.spec.ca.secretName}`);
    }
    return this.certificate(namespace, producer.metadata.name);
  }
}
