import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { pkiBlueprint, pkiMutated } from './fixtures';
import { issuesOf } from '../support/blueprint-issues';
import { expectSchemaRejectsExpressibleCases } from '../support/schema-constraints';

interface Case {
  readonly name: string;
  readonly mutate: (b: any) => void;
  readonly path: string;
  readonly message: RegExp;
}

const VAULT = { server: 'https://vault.example.com:8200', path: 'pki/root/sign-intermediate', auth: { kubernetesRole: 'cert-manager', serviceAccountName: 'vault-issuer' } };

// services: [0] gateway (dmz, client), [1] keycloak (app, server), [2] api (app, no tls), [3] db (data, both), [4] worker (app, no ports)
const CASES: Case[] = [
  // The four kinds of bad input the PKI must reject.
  { name: 'service certificate renewing before it is issued', mutate: (b) => { b.services[1].tls = { duration: '24h', renewBefore: '48h' }; }, path: 'services[1].tls.renewBefore', message: /renewBefore 48h is not shorter than the duration 24h/ },
  { name: 'renewBefore equal to the duration', mutate: (b) => { b.services[1].tls = { duration: '720h', renewBefore: '43200m' }; }, path: 'services[1].tls.renewBefore', message: /renewBefore 43200m is not shorter than the duration 720h/ },
  { name: 'identity issuer renewing before it is issued', mutate: (b) => { b.pki.meshIdentity = { issuerDuration: '24h', issuerRenewBefore: '25h' }; }, path: 'pki.meshIdentity.issuerRenewBefore', message: /renewBefore 25h is not shorter than the duration 24h/ },
  { name: 'trust anchor renewing before it is issued', mutate: (b) => { b.pki.meshIdentity = { trustAnchorDuration: '8760h', trustAnchorRenewBefore: '87600h' }; }, path: 'pki.meshIdentity.trustAnchorRenewBefore', message: /not shorter than the duration 8760h/ },
  { name: 'default service renewBefore longer than a short duration', mutate: (b) => { b.services[1].tls = { duration: '240h' }; }, path: 'services[1].tls.renewBefore', message: /renewBefore 720h is not shorter than the duration 240h/ },
  { name: 'service CA defaults renewing before issue', mutate: (b) => { b.pki.serviceCa = { certificateDuration: '100h' }; }, path: 'pki.serviceCa.certificateRenewBefore', message: /renewBefore 720h is not shorter than the duration 100h/ },
  { name: 'RSA key requested for Linkerd', mutate: (b) => { b.pki.meshIdentity = { keyAlgorithm: 'RSA-4096' }; }, path: 'pki.meshIdentity.keyAlgorithm', message: /Linkerd accepts only ECDSA P-256 keys .*"RSA-4096" requested/ },
  { name: 'P-384 key requested for Linkerd', mutate: (b) => { b.pki.meshIdentity = { keyAlgorithm: 'ECDSA-P384' }; }, path: 'pki.meshIdentity.keyAlgorithm', message: /Linkerd accepts only ECDSA P-256 keys/ },
  { name: 'TLS for a service that is not exposed', mutate: (b) => { b.services[2].expose = false; b.services[2].tls = {}; }, path: 'services[2].tls', message: /service "api" has no DNS name .*`expose: false`.*tls\.dnsNames/ },
  { name: 'TLS for a service without ports', mutate: (b) => { b.services[4].tls = { usage: 'client' }; }, path: 'services[4].tls', message: /service "worker" has no DNS name .*no ports/ },
  { name: 'two services claiming one secret', mutate: (b) => { b.services[2].tls = { secretName: 'keycloak-tls' }; }, path: 'services[2].tls.secretName', message: /Secret "keycloak-tls" in namespace "app" is already written by the certificate of service "keycloak"/ },
  // Durations cert-manager would reject.
  { name: 'duration in days', mutate: (b) => { b.services[1].tls = { duration: '90d' }; }, path: 'services[1].tls.duration', message: /"90d" is not a Go duration/ },
  { name: 'renewBefore without a unit', mutate: (b) => { b.pki.linkerdWebhooks = { enabled: true, renewBefore: '3600' }; }, path: 'pki.linkerdWebhooks.renewBefore', message: /"3600" is not a Go duration/ },
  { name: 'duration under cert-manager\'s minimum', mutate: (b) => { b.services[1].tls = { duration: '30m', renewBefore: '10m' }; }, path: 'services[1].tls.duration', message: /shorter than cert-manager's minimum certificate duration of 1h/ },
  { name: 'renewBefore under cert-manager\'s minimum', mutate: (b) => { b.services[1].tls = { renewBefore: '1m' }; }, path: 'services[1].tls.renewBefore', message: /minimum renewBefore of 5m/ },
  // Where certificates come from.
  { name: 'TLS without pki', mutate: (b) => { delete b.pki; }, path: 'services[1].tls', message: /add `pki` to the blueprint/ },
  { name: 'TLS with the service CA turned off', mutate: (b) => { b.pki.serviceCa = { enabled: false }; }, path: 'services[1].tls', message: /`pki.serviceCa.enabled: false` turns off/ },
  { name: 'webhook certificates without the service CA', mutate: (b) => { b.services.forEach((s: any) => delete s.tls); b.pki = { serviceCa: { enabled: false }, linkerdWebhooks: { enabled: true } }; }, path: 'pki.linkerdWebhooks.enabled', message: /issued by the internal service CA/ },
  { name: 'external CA with both a Secret and Vault', mutate: (b) => { b.pki.serviceCa = { externalCa: { secretName: 'corp-ca', vault: VAULT, trustBundleConfigMap: 'corp-ca' } }; }, path: 'pki.serviceCa.externalCa', message: /exactly one of `secretName`.* and `vault`/ },
  { name: 'external CA with neither', mutate: (b) => { b.pki.meshIdentity = { externalCa: {} }; }, path: 'pki.meshIdentity.externalCa', message: /exactly one of/ },
  { name: 'Vault CA without a published CA certificate', mutate: (b) => { b.pki.meshIdentity = { externalCa: { vault: VAULT } }; }, path: 'pki.meshIdentity.externalCa.trustBundleConfigMap', message: /publish it in a ConfigMap in namespace "cert-manager"/ },
  { name: 'Vault without a login method', mutate: (b) => { b.pki.serviceCa = { externalCa: { vault: { ...VAULT, auth: {} }, trustBundleConfigMap: 'corp-ca' } }; }, path: 'pki.serviceCa.externalCa.vault.auth', message: /exactly one of `kubernetesRole`.* and `tokenSecretName`/ },
  { name: 'Vault with two login methods', mutate: (b) => { b.pki.serviceCa = { externalCa: { vault: { ...VAULT, auth: { ...VAULT.auth, tokenSecretName: 'vault-token' } }, trustBundleConfigMap: 'corp-ca' } }; }, path: 'pki.serviceCa.externalCa.vault.auth', message: /exactly one of/ },
  { name: 'Vault Kubernetes auth without a ServiceAccount', mutate: (b) => { b.pki.serviceCa = { externalCa: { vault: { ...VAULT, auth: { kubernetesRole: 'cert-manager' } }, trustBundleConfigMap: 'corp-ca' } }; }, path: 'pki.serviceCa.externalCa.vault.auth.serviceAccountName', message: /needs the ServiceAccount/ },
  { name: 'Vault address that is not a URL', mutate: (b) => { b.pki.serviceCa = { externalCa: { vault: { ...VAULT, server: 'vault:8200' }, trustBundleConfigMap: 'corp-ca' } }; }, path: 'pki.serviceCa.externalCa.vault.server', message: /not a Vault address/ },
  { name: 'Vault path with the API prefix', mutate: (b) => { b.pki.serviceCa = { externalCa: { vault: { ...VAULT, path: '/v1/pki/sign/x' }, trustBundleConfigMap: 'corp-ca' } }; }, path: 'pki.serviceCa.externalCa.vault.path', message: /not a Vault PKI path/ },
  { name: 'external CA Secret name not DNS-1123', mutate: (b) => { b.pki.serviceCa = { externalCa: { secretName: 'Corp_CA' } }; }, path: 'pki.serviceCa.externalCa.secretName', message: /not a DNS-1123 subdomain/ },
  // Names.
  { name: 'root keys in a zone namespace', mutate: (b) => { b.pki.certManagerNamespace = 'app'; }, path: 'pki.certManagerNamespace', message: /namespace of zone "app": the root keys must not share a namespace with workloads/ },
  { name: 'root keys in the Linkerd namespace', mutate: (b) => { b.pki.certManagerNamespace = 'linkerd'; }, path: 'pki.certManagerNamespace', message: /also the Linkerd namespace/ },
  { name: 'cluster domain not DNS', mutate: (b) => { b.pki.clusterDomain = 'Cluster Local'; }, path: 'pki.clusterDomain', message: /not a DNS-1123 subdomain/ },
  { name: 'secret name not DNS-1123', mutate: (b) => { b.services[1].tls = { secretName: 'Keycloak_TLS' }; }, path: 'services[1].tls.secretName', message: /not a DNS-1123 subdomain/ },
  { name: 'extra DNS name with a space', mutate: (b) => { b.services[1].tls = { dnsNames: ['auth example.com'] }; }, path: 'services[1].tls.dnsNames[0]', message: /not a DNS name for a certificate/ },
  // Shape errors from YAML, reported by the JSON Schema.
  { name: 'key algorithm cert-manager spells differently', mutate: (b) => { b.services[1].tls = { keyAlgorithm: 'RSA' }; }, path: 'services[1].tls.keyAlgorithm', message: /must be one of "RSA-2048", "RSA-3072", "RSA-4096", "ECDSA-P256", "ECDSA-P384", "Ed25519"/ },
  { name: 'unknown TLS usage', mutate: (b) => { b.services[1].tls = { usage: 'both' }; }, path: 'services[1].tls.usage', message: /must be one of "server", "client", "server-and-client"/ },
  { name: 'unknown pki field', mutate: (b) => { b.pki.meshIdentity = { issuerLifetime: '48h' }; }, path: 'pki.meshIdentity.issuerLifetime', message: /unknown field "issuerLifetime"/ },
  { name: 'duration as a number', mutate: (b) => { b.services[1].tls = { duration: 2160 }; }, path: 'services[1].tls.duration', message: /must be a string \(found number 2160\)/ },
];

describe('PKI bad input', () => {
  it('the PKI fixture is accepted', () => {
    expect(() => new ZeroTrustBlueprint(new Chart(Testing.app(), 'c'), 'bp', pkiBlueprint())).not.toThrow();
  });

  it.each(CASES)('$name is reported at $path', ({ mutate, path, message }) => {
    const issues = issuesOf(pkiMutated(mutate));
    const at = issues.filter((i) => i.path === path);
    expect(at.map((i) => i.message), `issues: ${JSON.stringify(issues)}`).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('the JSON Schema rejects every case it can express; the library reports each once, under its own code', () => {
    const expressed = expectSchemaRejectsExpressibleCases(CASES, (c) => pkiMutated(c.mutate), (b) => {
      try { return issuesOf(b); } catch { return []; } // an accepted mutant is the other test's failure
    });
    expect(expressed).toBeGreaterThanOrEqual(9);
  });

  it('the same secret name in two namespaces is no conflict (Secrets are namespaced)', () => {
    const props = pkiMutated((b) => { b.services[3].tls.secretName = 'keycloak-tls'; });
    expect(() => new ZeroTrustBlueprint(new Chart(Testing.app(), 'c'), 'bp', props)).not.toThrow();
  });

  it('reports every PKI problem at once', () => {
    const issues = issuesOf(pkiMutated((b) => {
      b.pki.meshIdentity = { keyAlgorithm: 'RSA-2048' };
      b.services[1].tls = { duration: '1h', renewBefore: '2h' };
    }));
    expect(issues.map((i) => i.path)).toEqual(['pki.meshIdentity.keyAlgorithm', 'services[1].tls.renewBefore']);
  });
});
