import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { Certificate } from '../../lib/imports/cert-manager.io';
import { parseGoDuration } from '../../lib/model/go-duration';
import { certificateChainProblems } from '../../lib/pki/chain-check';
import { synthBlueprint, synthExample } from '../support/synth';
import { byKind, pkiMutated, pkiObjects } from './fixtures';

const OPTS = { clusterResourceNamespace: 'cert-manager', trustNamespace: 'cert-manager' };

const example = synthExample().manifests;
const full = synthBlueprint(pkiMutated((b) => { b.pki.linkerdWebhooks = { enabled: true }; }));

describe('chain integrity over the synthesized output', () => {
  // Independent of the chain checker: the properties spelled out directly over the output.
  describe.each([['reference platform', example], ['with webhook certificates', full]])('%s', (_name, manifests) => {
    const certificates = manifests.filter((m) => m.kind === 'Certificate');
    const issuers = byKind(manifests, 'Issuer');
    const clusterIssuers = byKind(manifests, 'ClusterIssuer');

    it('every issuerRef resolves to an Issuer in the same namespace or a ClusterIssuer', () => {
      expect(certificates.length).toBeGreaterThanOrEqual(5);
      for (const cert of certificates) {
        const ref = cert.spec.issuerRef;
        const found = ref.kind === 'ClusterIssuer' ? clusterIssuers.get(ref.name) : issuers.get(`${cert.metadata.namespace}/${ref.name}`);
        expect(found, `${cert.metadata.namespace}/${cert.metadata.name} -> ${ref.kind} ${ref.name}`).toBeDefined();
      }
    });

    it('every CA issuer signs with a Secret a CA Certificate writes where the issuer reads (cluster resource namespace for ClusterIssuers)', () => {
      const caIssuers = [
        ...[...issuers.values()].map((i) => ({ i, ns: i.metadata.namespace })),
        ...[...clusterIssuers.values()].map((i) => ({ i, ns: 'cert-manager' })),
      ].filter(({ i }) => i.spec.ca);
      expect(caIssuers.length).toBe(2);
      for (const { i, ns } of caIssuers) {
        const producer = certificates.find((c) => c.metadata.namespace === ns && c.spec.secretName === i.spec.ca.secretName);
        expect(producer?.spec.isCA, `${i.kind} ${i.metadata.name} reads ${ns}/${i.spec.ca.secretName}`).toBe(true);
      }
    });

    it('Linkerd\'s certificates are ECDSA P-256', () => {
      const linkerd = certificates.filter((c) => c.metadata.name.startsWith('linkerd-'));
      expect(linkerd.length).toBeGreaterThanOrEqual(2);
      for (const cert of linkerd) {
        expect(cert.spec.privateKey.algorithm).toBe('ECDSA');
        expect(cert.spec.privateKey.size ?? 256).toBe(256);
      }
    });

    it('renewBefore is shorter than the duration everywhere', () => {
      for (const cert of certificates) {
        expect(parseGoDuration(cert.spec.renewBefore)! < parseGoDuration(cert.spec.duration)!, cert.metadata.name).toBe(true);
      }
    });

    it('no two Certificates write the same Secret', () => {
      const secrets = certificates.map((c) => `${c.metadata.namespace}/${c.spec.secretName}`);
      expect(new Set(secrets).size).toBe(secrets.length);
    });

    it('the chain checker finds nothing wrong', () => {
      expect(certificateChainProblems(manifests, OPTS)).toEqual([]);
    });
  });
});

describe('the chain checker', () => {
  const base = pkiObjects(full);
  const edit = (kind: string, name: string, change: (m: any) => void): any[] => base.map((m) => {
    if (m.kind !== kind || m.metadata.name !== name) {
      return m;
    }
    const copy = JSON.parse(JSON.stringify(m));
    change(copy);
    return copy;
  });

  it.each([
    ['an issuerRef to a missing ClusterIssuer', edit('Certificate', 'keycloak', (c) => { c.spec.issuerRef.name = 'zero-trust-ca'; }), /Certificate app\/keycloak refers to ClusterIssuer "zero-trust-ca", which does not exist/],
    ['an Issuer in another namespace', edit('Certificate', 'linkerd-trust-anchor', (c) => { c.metadata.namespace = 'linkerd'; c.spec.secretName = 'x'; }), /refers to Issuer "linkerd-trust-root-issuer", which does not exist in namespace linkerd/],
    ['a ClusterIssuer reading a Secret written in another namespace', edit('Certificate', 'zero-trust-service-ca', (c) => { c.metadata.namespace = 'app'; }), /ClusterIssuer zero-trust-service-ca signs with Secret cert-manager\/zero-trust-service-ca, which no Certificate in namespace cert-manager writes/],
    ['a CA Secret written by a leaf certificate', edit('Certificate', 'linkerd-trust-anchor', (c) => { delete c.spec.isCA; }), /signs with Secret cert-manager\/linkerd-trust-anchor, but Certificate linkerd-trust-anchor that writes it is not a CA/],
    ['an RSA Linkerd certificate', edit('Certificate', 'linkerd-identity-issuer', (c) => { c.spec.privateKey = { algorithm: 'RSA', size: 2048 }; }), /linkerd\/linkerd-identity-issuer is a Linkerd certificate but its key is RSA 2048, not ECDSA P-256/],
    ['a P-384 Linkerd certificate', edit('Certificate', 'linkerd-trust-anchor', (c) => { c.spec.privateKey.size = 384; }), /not ECDSA P-256/],
    ['renewBefore longer than duration', edit('Certificate', 'db', (c) => { c.spec.renewBefore = '3000h'; }), /Certificate data\/db renews 3000h before expiry but lives only 2160h/],
    ['two Certificates writing one Secret', edit('Certificate', 'linkerd-sp-validator', (c) => { c.spec.secretName = 'linkerd-identity-issuer'; }), /writes Secret linkerd\/linkerd-identity-issuer, which Certificate linkerd\/linkerd-identity-issuer writes too/],
    ['a Bundle reading a Secret nobody writes', edit('Bundle', 'linkerd-identity-trust-roots', (b) => { b.spec.sources[0].secret.name = 'linkerd-anchor'; }), /Bundle linkerd-identity-trust-roots reads Secret cert-manager\/linkerd-anchor, which nothing writes/],
  ])('reports %s', (_name, manifests, problem) => {
    // A broken link can break the links after it too; the one named here must be among the problems.
    expect(certificateChainProblems(manifests, OPTS)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('accepts Secrets and ConfigMaps that exist outside the output (an externally held CA)', () => {
    const external = pkiObjects(synthBlueprint(pkiMutated((b) => {
      b.pki.serviceCa = { externalCa: { secretName: 'corp-ca', trustBundleConfigMap: 'corp-ca-bundle' } };
    })));
    expect(certificateChainProblems(external, OPTS)).toEqual([
      expect.stringMatching(/ClusterIssuer zero-trust-service-ca signs with Secret cert-manager\/corp-ca, which no Certificate/),
      expect.stringMatching(/Bundle zero-trust-service-ca reads ConfigMap cert-manager\/corp-ca-bundle/),
    ]);
    expect(certificateChainProblems(external, { ...OPTS, externalSecrets: ['cert-manager/corp-ca'], externalConfigMaps: ['cert-manager/corp-ca-bundle'] })).toEqual([]);
  });

  it('runs at synth: a Certificate added to the PKI that overwrites a service Secret fails synthesis', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    const blueprint = new ZeroTrustBlueprint(chart, 'bp', pkiMutated(() => undefined));
    new Certificate(blueprint.node.findChild('Pki'), 'Rogue', {
      metadata: { name: 'rogue', namespace: 'app' },
      spec: { secretName: 'keycloak-tls', dnsNames: ['rogue.app.svc'], issuerRef: { kind: 'ClusterIssuer', name: 'zero-trust-service-ca' } },
    });
    expect(() => app.synth()).toThrow(/PKI: Certificate app\/rogue writes Secret app\/keycloak-tls, which Certificate app\/keycloak writes too/);
  });
});
