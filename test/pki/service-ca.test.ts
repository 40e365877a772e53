import { describe, expect, it } from 'vitest';
import { KeyAlgorithm } from '../../lib';
import { findObject, synthBlueprint } from '../support/synth';
import { pkiMutated } from './fixtures';

describe('internal service CA', () => {
  const manifests = synthBlueprint(pkiMutated(() => undefined));
  const objects = [
    findObject(manifests, 'Issuer', 'cert-manager', 'zero-trust-service-ca-root-issuer'),
    findObject(manifests, 'Certificate', 'cert-manager', 'zero-trust-service-ca'),
    findObject(manifests, 'ClusterIssuer', undefined, 'zero-trust-service-ca'),
    findObject(manifests, 'Bundle', undefined, 'zero-trust-service-ca'),
  ];
  const [rootIssuer, root, clusterIssuer, bundle] = objects;

  it('is an RSA 4096 self-signed root in the cert-manager namespace by default', () => {
    expect(rootIssuer.spec).toEqual({ selfSigned: {} });
    expect(root.spec).toMatchObject({
      isCA: true,
      secretName: 'zero-trust-service-ca',
      duration: '87600h',
      renewBefore: '8760h',
      privateKey: { algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' },
      usages: ['cert sign', 'crl sign'],
      issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'zero-trust-service-ca-root-issuer' },
    });
  });

  it('signs through a CA ClusterIssuer reading the root Secret', () => {
    expect(clusterIssuer.spec).toEqual({ ca: { secretName: 'zero-trust-service-ca' } });
  });

  it('publishes the root certificate (never the key) into every zone namespace', () => {
    expect(bundle.spec.sources[0]).toEqual({ secret: { name: 'zero-trust-service-ca', key: 'tls.crt' } });
    expect(bundle.spec.target).toEqual({
      configMap: { key: 'ca.crt' },
      namespaceSelector: { matchExpressions: [{ key: 'zero-trust.cdk8s.io/zone', operator: 'Exists' }] },
    });
    const zoneNamespaces = manifests.filter((m) => m.kind === 'Namespace' && m.metadata.labels['zero-trust.cdk8s.io/zone']);
    expect(zoneNamespaces.map((n) => n.metadata.name).sort()).toEqual(['app', 'data', 'dmz', 'management']);
  });

  it('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  it.each([
    [KeyAlgorithm.RSA_2048, { algorithm: 'RSA', size: 2048 }],
    [KeyAlgorithm.RSA_3072, { algorithm: 'RSA', size: 3072 }],
    [KeyAlgorithm.RSA_4096, { algorithm: 'RSA', size: 4096 }],
    [KeyAlgorithm.ECDSA_P256, { algorithm: 'ECDSA' }],
    [KeyAlgorithm.ECDSA_P384, { algorithm: 'ECDSA', size: 384 }],
    [KeyAlgorithm.ED25519, { algorithm: 'Ed25519' }],
  ])('a %s root gets privateKey %j', (keyAlgorithm, key) => {
    const out = synthBlueprint(pkiMutated((b) => { b.pki.serviceCa = { keyAlgorithm }; }));
    expect(findObject(out, 'Certificate', 'cert-manager', 'zero-trust-service-ca').spec.privateKey).toEqual({ ...key, rotationPolicy: 'Always' });
  });

  it('uses an existing CA Secret instead of the self-signed root', () => {
    const out = synthBlueprint(pkiMutated((b) => { b.pki.serviceCa = { externalCa: { secretName: 'corp-issuing-ca' } }; }));
    expect(out.filter((m) => m.metadata.name?.startsWith('zero-trust-service-ca') && m.kind !== 'ClusterIssuer' && m.kind !== 'Bundle')).toEqual([]);
    expect(findObject(out, 'ClusterIssuer', undefined, 'zero-trust-service-ca').spec).toEqual({ ca: { secretName: 'corp-issuing-ca' } });
    expect(findObject(out, 'Bundle', undefined, 'zero-trust-service-ca').spec.sources[0]).toEqual({ secret: { name: 'corp-issuing-ca', key: 'tls.crt' } });
  });
});

describe('service certificates', () => {
  const manifests = synthBlueprint(pkiMutated(() => undefined));
  const keycloak = findObject(manifests, 'Certificate', 'app', 'keycloak');
  const gateway = findObject(manifests, 'Certificate', 'dmz', 'gateway');
  const db = findObject(manifests, 'Certificate', 'data', 'db');

  it('names the Kubernetes Service in both in-cluster forms', () => {
    expect(keycloak.spec.dnsNames).toEqual(['keycloak.app.svc', 'keycloak.app.svc.cluster.local']);
    expect(keycloak.spec.commonName).toBe('keycloak.app.svc');
    expect(db.spec.dnsNames).toEqual(['db.data.svc', 'db.data.svc.cluster.local', 'db.example.internal']);
  });

  it('sets usages for server, client or both, with key encipherment only for RSA keys', () => {
    expect(keycloak.spec.usages).toEqual(['digital signature', 'server auth']);
    expect(gateway.spec.usages).toEqual(['digital signature', 'client auth']);
    expect(db.spec.usages).toEqual(['digital signature', 'server auth', 'client auth']);
    const rsa = synthBlueprint(pkiMutated((b) => { b.services[1].tls = { keyAlgorithm: 'RSA-2048' }; }));
    expect(findObject(rsa, 'Certificate', 'app', 'keycloak').spec.usages).toEqual(['digital signature', 'key encipherment', 'server auth']);
  });

  it('writes the Secret the workload mounts: <service>-tls unless the blueprint names it', () => {
    expect(keycloak.spec.secretName).toBe('keycloak-tls');
    expect(gateway.spec.secretName).toBe('gateway-client-tls');
  });

  it('renews well before expiry with a fresh PKCS#8 key, signed by the service CA', () => {
    for (const cert of [keycloak, gateway, db]) {
      expect(cert.spec).toMatchObject({
        duration: '2160h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', encoding: 'PKCS8', rotationPolicy: 'Always' },
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'zero-trust-service-ca' },
      });
      expect(cert.spec.isCA).toBeUndefined();
    }
  });

  it('takes lifetimes from the service, then from the service CA defaults', () => {
    const out = synthBlueprint(pkiMutated((b) => {
      b.pki.serviceCa = { certificateDuration: '720h', certificateRenewBefore: '240h' };
      b.services[1].tls = { duration: '48h', renewBefore: '16h' };
    }));
    expect(findObject(out, 'Certificate', 'app', 'keycloak').spec).toMatchObject({ duration: '48h', renewBefore: '16h' });
    expect(findObject(out, 'Certificate', 'data', 'db').spec).toMatchObject({ duration: '720h', renewBefore: '240h' });
  });

  it('follows the cluster domain', () => {
    const out = synthBlueprint(pkiMutated((b) => { b.pki.clusterDomain = 'corp.example'; }));
    expect(findObject(out, 'Certificate', 'app', 'keycloak').spec.dnsNames).toEqual(['keycloak.app.svc', 'keycloak.app.svc.corp.example']);
  });

  it('leaves out a common name longer than X.509 allows (64 characters) and keeps the SANs', () => {
    const name = 'a'.repeat(60);
    const out = synthBlueprint(pkiMutated((b) => { b.services[2].name = name; b.services[2].tls = {}; b.services[3].allowFrom[0].service = name; }));
    const cert = findObject(out, 'Certificate', 'app', name);
    expect(cert.spec.commonName).toBeUndefined();
    expect(cert.spec.dnsNames[0]).toBe(`${name}.app.svc`);
  });

  it('gives a service that is not exposed a certificate for the names the blueprint lists', () => {
    const out = synthBlueprint(pkiMutated((b) => { b.services[4].tls = { usage: 'client', dnsNames: ['worker.internal.example'] }; }));
    expect(findObject(out, 'Certificate', 'app', 'worker').spec).toMatchObject({ dnsNames: ['worker.internal.example'], usages: ['digital signature', 'client auth'] });
  });

  it('matches the snapshot', () => {
    expect([gateway, keycloak, db]).toMatchSnapshot();
  });
});

describe('Linkerd webhook certificates', () => {
  const manifests = synthBlueprint(pkiMutated((b) => { b.pki.linkerdWebhooks = { enabled: true }; }));
  const webhooks = manifests.filter((m) => m.kind === 'Certificate' && m.metadata.namespace === 'linkerd' && m.metadata.name !== 'linkerd-identity-issuer');

  it('writes the three Secrets Linkerd mounts, named for the Services the API server calls', () => {
    expect(webhooks.map((w) => [w.metadata.name, w.spec.secretName, w.spec.dnsNames])).toEqual([
      ['linkerd-policy-validator', 'linkerd-policy-validator-k8s-tls', ['linkerd-policy-validator.linkerd.svc']],
      ['linkerd-proxy-injector', 'linkerd-proxy-injector-k8s-tls', ['linkerd-proxy-injector.linkerd.svc']],
      ['linkerd-sp-validator', 'linkerd-sp-validator-k8s-tls', ['linkerd-sp-validator.linkerd.svc']],
    ]);
  });

  it('uses ECDSA P-256 serving certificates from the service CA, PKCS#8 for the Rust policy validator', () => {
    for (const w of webhooks) {
      expect(w.spec).toMatchObject({
        usages: ['digital signature', 'server auth'],
        duration: '8760h',
        renewBefore: '2160h',
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'zero-trust-service-ca' },
      });
      expect(w.spec.privateKey.algorithm).toBe('ECDSA');
      expect(w.spec.privateKey.encoding).toBe(w.metadata.name === 'linkerd-policy-validator' ? 'PKCS8' : undefined);
    }
  });

  it('are off unless the blueprint asks', () => {
    const off = synthBlueprint(pkiMutated(() => undefined));
    expect(off.filter((m) => m.kind === 'Certificate' && /-k8s-tls$/.test(m.spec.secretName))).toEqual([]);
  });

  it('matches the snapshot', () => {
    expect(webhooks).toMatchSnapshot();
  });
});
