import { describe, expect, it } from 'vitest';
import { findObject, synthBlueprint } from '../support/synth';
import { pkiMutated, pkiObjects } from './fixtures';

describe('mesh identity (Linkerd with cert-manager and trust-manager)', () => {
  const manifests = synthBlueprint(pkiMutated(() => undefined));
  const mesh = [
    findObject(manifests, 'Issuer', 'cert-manager', 'linkerd-trust-root-issuer'),
    findObject(manifests, 'Certificate', 'cert-manager', 'linkerd-trust-anchor'),
    findObject(manifests, 'ClusterIssuer', undefined, 'linkerd-identity-issuer'),
    findObject(manifests, 'Namespace', undefined, 'linkerd'),
    findObject(manifests, 'Certificate', 'linkerd', 'linkerd-identity-issuer'),
    findObject(manifests, 'Bundle', undefined, 'linkerd-identity-trust-roots'),
  ];
  const [rootIssuer, anchor, clusterIssuer, namespace, issuer, bundle] = mesh;

  it('bootstraps the trust anchor with a self-signed Issuer in the cert-manager namespace', () => {
    expect(rootIssuer.spec).toEqual({ selfSigned: {} });
    expect(anchor.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'linkerd-trust-root-issuer' });
  });

  it('makes the trust anchor a long-lived ECDSA P-256 CA with early renewal and a fresh key each time', () => {
    expect(anchor.spec).toMatchObject({
      isCA: true,
      commonName: 'root.linkerd.cluster.local',
      secretName: 'linkerd-trust-anchor',
      duration: '87600h',
      renewBefore: '8760h',
      privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
    });
    expect(anchor.spec.privateKey).not.toHaveProperty('size');
  });

  it('signs with the anchor through a CA ClusterIssuer reading the anchor Secret', () => {
    expect(clusterIssuer.spec).toEqual({ ca: { secretName: anchor.spec.secretName } });
    expect(clusterIssuer.metadata).not.toHaveProperty('namespace');
  });

  it('issues linkerd-identity-issuer in the Linkerd namespace as Linkerd\'s guide does: ECDSA P-256, 48h, renewed after 23h', () => {
    expect(issuer.spec).toMatchObject({
      isCA: true,
      secretName: 'linkerd-identity-issuer',
      commonName: 'identity.linkerd.cluster.local',
      dnsNames: ['identity.linkerd.cluster.local'],
      duration: '48h',
      renewBefore: '25h',
      privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always' },
      usages: ['cert sign', 'crl sign', 'server auth', 'client auth'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'linkerd-identity-issuer' },
    });
    expect(issuer.spec.privateKey).not.toHaveProperty('size');
  });

  it('bundles the current anchor and, by label, a previous one into linkerd-identity-trust-roots for the control plane namespace', () => {
    expect(bundle.spec.sources).toEqual([
      { secret: { name: 'linkerd-trust-anchor', key: 'tls.crt' } },
      { secret: { selector: { matchLabels: { 'zero-trust.cdk8s.io/previous-ca-for': 'linkerd-identity-trust-roots' } }, key: 'tls.crt' } },
    ]);
    expect(bundle.spec.target).toEqual({
      configMap: { key: 'ca-bundle.crt' },
      namespaceSelector: { matchLabels: { 'linkerd.io/is-control-plane': 'true' } },
    });
  });

  it('labels the Linkerd namespace the way `linkerd install` does, so the Bundle reaches it', () => {
    expect(namespace.metadata.labels).toMatchObject({
      'linkerd.io/is-control-plane': 'true',
      'config.linkerd.io/admission-webhooks': 'disabled',
      'linkerd.io/control-plane-ns': 'linkerd',
    });
    expect(namespace.metadata.annotations).toEqual({ 'linkerd.io/inject': 'disabled' });
    // Pod Security is Linkerd's to set (it depends on whether the CNI plugin is used).
    expect(Object.keys(namespace.metadata.labels).filter((k) => k.startsWith('pod-security'))).toEqual([]);
    expect(bundle.spec.target.namespaceSelector.matchLabels).toEqual(
      Object.fromEntries(Object.entries(namespace.metadata.labels).filter(([k]) => k in bundle.spec.target.namespaceSelector.matchLabels)));
  });

  it('matches the snapshot', () => {
    expect(mesh).toMatchSnapshot();
  });

  it('follows a custom Linkerd namespace and cluster domain into names Linkerd verifies', () => {
    const out = synthBlueprint(pkiMutated((b) => {
      b.linkerd = { namespace: 'mesh-system' };
      b.pki.clusterDomain = 'corp.example';
    }));
    const custom = findObject(out, 'Certificate', 'mesh-system', 'linkerd-identity-issuer');
    expect(custom.spec.commonName).toBe('identity.mesh-system.corp.example');
    expect(custom.spec.dnsNames).toEqual(['identity.mesh-system.corp.example']);
    expect(findObject(out, 'Namespace', undefined, 'mesh-system').metadata.labels['linkerd.io/control-plane-ns']).toBe('mesh-system');
    expect(findObject(out, 'Certificate', 'cert-manager', 'linkerd-trust-anchor').spec.commonName).toBe('root.linkerd.corp.example');
  });

  it('honours the blueprint\'s lifetimes', () => {
    const out = synthBlueprint(pkiMutated((b) => {
      b.pki.meshIdentity = { trustAnchorDuration: '43800h', trustAnchorRenewBefore: '4380h', issuerDuration: '72h', issuerRenewBefore: '36h' };
    }));
    expect(findObject(out, 'Certificate', 'cert-manager', 'linkerd-trust-anchor').spec).toMatchObject({ duration: '43800h', renewBefore: '4380h' });
    expect(findObject(out, 'Certificate', 'linkerd', 'linkerd-identity-issuer').spec).toMatchObject({ duration: '72h', renewBefore: '36h' });
  });

  it('emits nothing for the mesh when it is turned off, and nothing at all without `pki`', () => {
    const off = synthBlueprint(pkiMutated((b) => { b.pki.meshIdentity = { enabled: false }; }));
    expect(pkiObjects(off).filter((m) => m.metadata.name.startsWith('linkerd-'))).toEqual([]);
    expect(off.filter((m) => m.kind === 'Namespace' && m.metadata.name === 'linkerd')).toEqual([]);
    const none = synthBlueprint(pkiMutated((b) => { delete b.pki; b.services.forEach((s: any) => delete s.tls); }));
    expect(pkiObjects(none)).toEqual([]);
  });
});

describe('mesh identity from an externally held CA', () => {
  it('signs the identity issuer with an existing CA Secret: no self-signed anchor, the Secret feeds the bundle', () => {
    const out = synthBlueprint(pkiMutated((b) => { b.pki.meshIdentity = { externalCa: { secretName: 'offline-root-intermediate' } }; }));
    expect(out.filter((m) => m.metadata.name === 'linkerd-trust-anchor' || m.metadata.name === 'linkerd-trust-root-issuer')).toEqual([]);
    expect(findObject(out, 'ClusterIssuer', undefined, 'linkerd-identity-issuer').spec).toEqual({ ca: { secretName: 'offline-root-intermediate' } });
    expect(findObject(out, 'Bundle', undefined, 'linkerd-identity-trust-roots').spec.sources[0]).toEqual({ secret: { name: 'offline-root-intermediate', key: 'tls.crt' } });
  });

  it('signs the identity issuer through Vault, with the CA certificate published in a ConfigMap', () => {
    const out = synthBlueprint(pkiMutated((b) => {
      b.pki.meshIdentity = {
        externalCa: {
          vault: {
            server: 'https://vault.example.com:8200',
            path: 'pki/root/sign-intermediate',
            vaultNamespace: 'platform',
            caBundleSecretName: 'vault-server-ca',
            auth: { kubernetesRole: 'cert-manager-linkerd', serviceAccountName: 'vault-issuer' },
          },
          trustBundleConfigMap: 'linkerd-root-ca',
        },
      };
    }));
    expect(findObject(out, 'ClusterIssuer', undefined, 'linkerd-identity-issuer').spec).toEqual({
      vault: {
        server: 'https://vault.example.com:8200',
        path: 'pki/root/sign-intermediate',
        namespace: 'platform',
        caBundleSecretRef: { name: 'vault-server-ca', key: 'ca.crt' },
        auth: { kubernetes: { role: 'cert-manager-linkerd', mountPath: '/v1/auth/kubernetes', serviceAccountRef: { name: 'vault-issuer' } } },
      },
    });
    expect(findObject(out, 'Bundle', undefined, 'linkerd-identity-trust-roots').spec.sources[0]).toEqual({ configMap: { name: 'linkerd-root-ca', key: 'ca.crt' } });
    expect(out.filter((m) => m.kind === 'Certificate' && m.metadata.namespace === 'cert-manager')
      .map((m) => m.metadata.name)).toEqual(['zero-trust-service-ca']);
  });

  it('logs in to Vault with a token Secret when asked', () => {
    const out = synthBlueprint(pkiMutated((b) => {
      b.pki.serviceCa = { externalCa: { vault: { server: 'https://vault:8200', path: 'pki_int/sign/services', auth: { tokenSecretName: 'vault-token' } }, trustBundleConfigMap: 'corp-ca' } };
    }));
    expect(findObject(out, 'ClusterIssuer', undefined, 'zero-trust-service-ca').spec.vault.auth).toEqual({ tokenSecretRef: { name: 'vault-token', key: 'token' } });
  });
});
