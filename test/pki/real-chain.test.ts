import { X509Certificate } from 'crypto';
import { once } from 'events';
import { AddressInfo } from 'net';
import * as tls from 'tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../lib/model/go-duration';
import { findObject, synthBlueprint } from '../support/synth';
import { pkiMutated } from './fixtures';
import { ChainFromManifests, Issued, lifetimeNanos, OpensslIssuer, signatureAlgorithm, verify } from './openssl-issuer';

// Real certificates, generated with openssl from the emitted Certificates (not from the model), so the
// settings are proven to form working chains: Linkerd's anchor -> identity issuer -> workload leaf, and
// the service CA root -> service certificates, verified by openssl, Node's X509 API and TLS handshakes.

const IDENTITY = 'api.app.serviceaccount.identity.linkerd.cluster.local';

/** A workload certificate as Linkerd's identity controller issues it (pkg/tls/ca.go): P-256, 24h, both EKUs. */
function linkerdLeaf(issuer: OpensslIssuer, identityIssuer: Issued, name: string): Issued {
  return issuer.issue(`leaf-${name}`, {
    commonName: name,
    dnsNames: [name],
    usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'],
    duration: '24h',
    privateKey: { algorithm: 'ECDSA', encoding: 'PKCS8' },
  }, identityIssuer);
}

function ecCurve(x509: X509Certificate): string | undefined {
  return x509.publicKey.asymmetricKeyDetails?.namedCurve;
}

describe('Linkerd mesh identity: trust anchor -> identity issuer -> workload certificate', () => {
  const manifests = synthBlueprint(pkiMutated(() => undefined));
  const issuer = new OpensslIssuer();
  const chain = new ChainFromManifests(manifests, issuer, 'cert-manager');
  let anchor: Issued;
  let identity: Issued;
  let leaf: Issued;

  beforeAll(() => {
    identity = chain.certificate('linkerd', 'linkerd-identity-issuer');
    anchor = chain.certificate('cert-manager', 'linkerd-trust-anchor');
    leaf = linkerdLeaf(issuer, identity, IDENTITY);
  });

  it('the leaf verifies against the anchor through the issuer, for server and client use', () => {
    for (const purpose of [[], ['-purpose', 'sslserver'], ['-purpose', 'sslclient']]) {
      const result = verify([...purpose, '-CAfile', anchor.certFile, '-untrusted', identity.certFile, leaf.certFile]);
      expect(result.ok, `${purpose.join(' ')}: ${result.output}`).toBe(true);
    }
    expect(leaf.x509.checkIssued(identity.x509)).toBe(true);
    expect(leaf.x509.verify(identity.x509.publicKey)).toBe(true);
    expect(identity.x509.checkIssued(anchor.x509)).toBe(true);
    expect(identity.x509.verify(anchor.x509.publicKey)).toBe(true);
  });

  it('the issuer is valid for the name Linkerd verifies it as, by SAN alone (Go ignores the common name)', () => {
    expect(identity.x509.checkHost('identity.linkerd.cluster.local', { subject: 'never' })).toBe('identity.linkerd.cluster.local');
    const result = verify(['-CAfile', anchor.certFile, '-verify_hostname', 'identity.linkerd.cluster.local', identity.certFile]);
    expect(result.ok, result.output).toBe(true);
  });

  it('the anchor and issuer meet `linkerd check`: ECDSA P-256 keys signed with ECDSA-SHA256, CA certificates', () => {
    for (const cert of [anchor, identity]) {
      expect(cert.x509.publicKey.asymmetricKeyType).toBe('ec');
      expect(ecCurve(cert.x509)).toBe('prime256v1');
      expect(signatureAlgorithm(cert.certFile)).toBe('ecdsa-with-SHA256');
      expect(cert.x509.ca).toBe(true);
    }
    expect(leaf.x509.ca).toBe(false);
    expect(anchor.x509.subject).toBe(anchor.x509.issuer);
  });

  it('validity periods are the emitted durations, and each renews before it expires', () => {
    for (const [cert, name] of [[anchor, 'linkerd-trust-anchor'], [identity, 'linkerd-identity-issuer']] as const) {
      const spec = manifests.find((m) => m.kind === 'Certificate' && m.metadata.name === name).spec;
      expect(lifetimeNanos(cert.x509)).toBe(parseGoDuration(spec.duration));
      expect(parseGoDuration(spec.renewBefore)! < lifetimeNanos(cert.x509)).toBe(true);
      expect(Math.abs(Date.parse(cert.x509.validFrom) - Date.now())).toBeLessThan(5 * 60_000);
    }
    expect(lifetimeNanos(identity.x509)).toBe(48n * 3_600_000_000_000n);
  });

  it('a leaf from an issuer the anchor did not sign is rejected (the verification can fail)', () => {
    const stranger = issuer.issue('stranger-anchor', { commonName: 'root.linkerd.cluster.local', isCA: true, usages: ['cert sign', 'crl sign'], duration: '240h', privateKey: { algorithm: 'ECDSA' } });
    const result = verify(['-CAfile', stranger.certFile, '-untrusted', identity.certFile, leaf.certFile]);
    expect(result.ok).toBe(false);
    expect(leaf.x509.verify(stranger.x509.publicKey)).toBe(false);
  });

  it('two meshed proxies complete mutual TLS with workload certificates and the trust bundle', async () => {
    const other = linkerdLeaf(issuer, identity, 'keycloak.app.serviceaccount.identity.linkerd.cluster.local');
    await expect(handshake({
      server: { key: other.keyPem, cert: other.certPem + identity.certPem, ca: anchor.certPem, requestCert: true },
      client: { key: leaf.keyPem, cert: leaf.certPem + identity.certPem, ca: anchor.certPem, servername: 'keycloak.app.serviceaccount.identity.linkerd.cluster.local' },
    })).resolves.toEqual({ serverAuthorized: true, clientAuthorized: true });
  });
});

describe('trust anchor rotation with the previous anchor in the bundle', () => {
  const manifests = synthBlueprint(pkiMutated(() => undefined));
  const anchorSpec = findObject(manifests, 'Certificate', 'cert-manager', 'linkerd-trust-anchor').spec;
  const issuerSpec = findObject(manifests, 'Certificate', 'linkerd', 'linkerd-identity-issuer').spec;
  const issuer = new OpensslIssuer();

  it('workloads of the old and the new anchor verify while both are in the bundle, and only then', () => {
    const oldAnchor = issuer.issue('old-anchor', anchorSpec);
    const oldIssuer = issuer.issue('old-issuer', issuerSpec, oldAnchor);
    const oldLeaf = linkerdLeaf(issuer, oldIssuer, IDENTITY);
    // cert-manager renews the anchor with a new key (rotationPolicy: Always), then the issuer under it.
    const newAnchor = issuer.issue('new-anchor', anchorSpec);
    const newIssuer = issuer.issue('new-issuer', issuerSpec, newAnchor);
    const newLeaf = linkerdLeaf(issuer, newIssuer, IDENTITY);
    const accepts = (bundle: string, leafIssuer: Issued, leaf: Issued) => verify(['-CAfile', bundle, '-untrusted', leafIssuer.certFile, leaf.certFile]).ok;

    const before = issuer.bundle('before', [oldAnchor]);
    const overlap = issuer.bundle('overlap', [newAnchor, oldAnchor]);
    const after = issuer.bundle('after', [newAnchor]);
    expect([accepts(before, oldIssuer, oldLeaf), accepts(before, newIssuer, newLeaf)]).toEqual([true, false]);
    expect([accepts(overlap, oldIssuer, oldLeaf), accepts(overlap, newIssuer, newLeaf)]).toEqual([true, true]);
    expect([accepts(after, oldIssuer, oldLeaf), accepts(after, newIssuer, newLeaf)]).toEqual([false, true]);
  });
});

describe('internal service CA: root -> service certificates', () => {
  const manifests = synthBlueprint(pkiMutated((b) => { b.pki.linkerdWebhooks = { enabled: true }; }));
  const issuer = new OpensslIssuer();
  const chain = new ChainFromManifests(manifests, issuer, 'cert-manager');
  let root: Issued;
  let keycloak: Issued;
  let gateway: Issued;
  let db: Issued;

  beforeAll(() => {
    keycloak = chain.certificate('app', 'keycloak');
    gateway = chain.certificate('dmz', 'gateway');
    db = chain.certificate('data', 'db');
    root = chain.certificate('cert-manager', 'zero-trust-service-ca');
  });

  it('the root is a self-signed RSA 4096 CA valid for the emitted 10 years', () => {
    expect(root.x509.publicKey.asymmetricKeyType).toBe('rsa');
    expect(root.x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(root.x509.ca).toBe(true);
    expect(lifetimeNanos(root.x509)).toBe(87600n * 3_600_000_000_000n);
    expect(signatureAlgorithm(root.certFile)).toBe('sha256WithRSAEncryption');
  });

  it('Keycloak\'s certificate verifies as a TLS server for its in-cluster names, not as a client', () => {
    for (const host of ['keycloak.app.svc', 'keycloak.app.svc.cluster.local']) {
      const result = verify(['-CAfile', root.certFile, '-purpose', 'sslserver', '-verify_hostname', host, keycloak.certFile]);
      expect(result.ok, result.output).toBe(true);
    }
    expect(verify(['-CAfile', root.certFile, '-verify_hostname', 'keycloak.data.svc', keycloak.certFile]).ok).toBe(false);
    expect(verify(['-CAfile', root.certFile, '-purpose', 'sslclient', keycloak.certFile]).ok).toBe(false);
  });

  it('the gateway\'s certificate verifies as a TLS client, not as a server', () => {
    expect(verify(['-CAfile', root.certFile, '-purpose', 'sslclient', gateway.certFile]).ok).toBe(true);
    expect(verify(['-CAfile', root.certFile, '-purpose', 'sslserver', gateway.certFile]).ok).toBe(false);
  });

  it('a server-and-client certificate verifies both ways, for its extra DNS name too', () => {
    for (const purpose of ['sslserver', 'sslclient']) {
      expect(verify(['-CAfile', root.certFile, '-purpose', purpose, '-verify_hostname', 'db.example.internal', db.certFile]).ok).toBe(true);
    }
  });

  it('service keys are ECDSA P-256 in PKCS#8; validity is the emitted 90 days', () => {
    for (const cert of [keycloak, gateway, db]) {
      expect(ecCurve(cert.x509)).toBe('prime256v1');
      expect(cert.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(lifetimeNanos(cert.x509)).toBe(2160n * 3_600_000_000_000n);
      expect(cert.x509.checkIssued(root.x509)).toBe(true);
    }
  });

  it('Linkerd\'s webhook certificates verify as servers for their Service names; the policy validator key is PKCS#8', () => {
    for (const name of ['linkerd-policy-validator', 'linkerd-proxy-injector', 'linkerd-sp-validator']) {
      const cert = chain.certificate('linkerd', name);
      const result = verify(['-CAfile', root.certFile, '-purpose', 'sslserver', '-verify_hostname', `${name}.linkerd.svc`, cert.certFile]);
      expect(result.ok, result.output).toBe(true);
      expect(cert.keyPem).toMatch(name === 'linkerd-policy-validator' ? /^-----BEGIN PRIVATE KEY-----/ : /^-----BEGIN EC PRIVATE KEY-----/);
    }
  });

  it('the gateway completes mutual TLS with Keycloak; a server-only certificate is refused as a client', async () => {
    const server = { key: keycloak.keyPem, cert: keycloak.certPem, ca: root.certPem, requestCert: true };
    await expect(handshake({
      server,
      client: { key: gateway.keyPem, cert: gateway.certPem, ca: root.certPem, servername: 'keycloak.app.svc.cluster.local' },
    })).resolves.toEqual({ serverAuthorized: true, clientAuthorized: true });
    await expect(handshake({
      server,
      client: { key: db.keyPem, cert: db.certPem, ca: root.certPem, servername: 'keycloak.app.svc' },
    })).resolves.toEqual({ serverAuthorized: true, clientAuthorized: true });
    const refused = await handshake({
      server,
      client: { key: keycloak.keyPem, cert: keycloak.certPem, ca: root.certPem, servername: 'keycloak.app.svc' },
    });
    expect(refused).toEqual({ serverAuthorized: true, clientAuthorized: false, clientError: 'INVALID_PURPOSE' });
  });

  it('every root and CA key algorithm cert-manager can be asked for forms a working chain', () => {
    for (const keyAlgorithm of ['RSA-2048', 'RSA-3072', 'ECDSA-P256', 'ECDSA-P384', 'Ed25519']) {
      const out = synthBlueprint(pkiMutated((b) => { b.pki.serviceCa = { keyAlgorithm }; b.pki.meshIdentity = { enabled: false }; }));
      const c = new ChainFromManifests(out, new OpensslIssuer(), 'cert-manager');
      const leafCert = c.certificate('app', 'keycloak');
      const rootCert = c.certificate('cert-manager', 'zero-trust-service-ca');
      const result = verify(['-CAfile', rootCert.certFile, '-purpose', 'sslserver', '-verify_hostname', 'keycloak.app.svc', leafCert.certFile]);
      expect(result.ok, `${keyAlgorithm}: ${result.output}`).toBe(true);
    }
  });
});

interface HandshakeOptions {
  readonly server: tls.TlsOptions;
  readonly client: tls.ConnectionOptions;
}

const servers: tls.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

interface HandshakeResult {
  /** The client accepted the server's certificate. */
  readonly serverAuthorized: boolean;
  /** The server accepted the client's certificate. */
  readonly clientAuthorized: boolean;
  /** Why the server refused the client's certificate, when it did. */
  readonly clientError?: string;
}

/** One TLS handshake on localhost; reports whether each side accepted the other's certificate. */
async function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const server = tls.createServer({ ...opts.server, rejectUnauthorized: false });
  servers.push(server);
  const serverSide = new Promise<{ authorized: boolean; error?: string }>((resolve) => {
    server.on('secureConnection', (socket) => {
      resolve({ authorized: socket.authorized, error: socket.authorizationError ? String(socket.authorizationError) : undefined });
      socket.end();
    });
    server.on('tlsClientError', (e) => resolve({ authorized: false, error: e.message }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const socket = tls.connect({ ...opts.client, host: '127.0.0.1', port, rejectUnauthorized: false });
  await once(socket, 'secureConnect');
  const serverAuthorized = socket.authorized;
  const client = await serverSide;
  socket.destroy();
  server.close();
  return { serverAuthorized, clientAuthorized: client.authorized, ...(client.error ? { clientError: client.error } : {}) };
}
