import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../support/k8s-schemas';
import { synthBlueprint, synthExample } from '../support/synth';
import { runKubeconform } from '../support/tools';
import { pkiMutated, pkiObjects } from './fixtures';

const VAULT_AUTH = { kubernetesRole: 'cert-manager', serviceAccountName: 'vault-issuer' };

/** Every shape of PKI output the blueprint can produce. */
const VARIANTS: Record<string, any[]> = {
  'reference platform': synthExample().manifests,
  'everything self-signed, with webhook certificates': synthBlueprint(pkiMutated((b) => { b.pki.linkerdWebhooks = { enabled: true }; })),
  'existing CA Secrets': synthBlueprint(pkiMutated((b) => {
    b.pki.meshIdentity = { externalCa: { secretName: 'linkerd-offline-ca' } };
    b.pki.serviceCa = { externalCa: { secretName: 'corp-ca', trustBundleConfigMap: 'corp-ca-bundle' } };
  })),
  'Vault CAs': synthBlueprint(pkiMutated((b) => {
    b.pki.meshIdentity = { externalCa: { vault: { server: 'https://vault:8200', path: 'pki/root/sign-intermediate', caBundleSecretName: 'vault-ca', auth: VAULT_AUTH }, trustBundleConfigMap: 'linkerd-root' } };
    b.pki.serviceCa = { externalCa: { vault: { server: 'https://vault:8200', path: 'pki_int/sign/services', vaultNamespace: 'ops', auth: { tokenSecretName: 'vault-token', tokenSecretKey: 'vault' } }, trustBundleConfigMap: 'corp-root' } };
  })),
  'every key algorithm': synthBlueprint(pkiMutated((b) => {
    b.pki.serviceCa = { keyAlgorithm: 'Ed25519' };
    b.services[0].tls.keyAlgorithm = 'RSA-3072';
    b.services[1].tls.keyAlgorithm = 'ECDSA-P384';
    b.services[3].tls.keyAlgorithm = 'RSA-2048';
  })),
};

describe('PKI objects validate against the shared cert-manager v1.21 and trust-manager v0.24 CRD schemas', () => {
  const validator = new SchemaValidator();

  it.each(Object.keys(VARIANTS))('%s: ajv reports no error', (variant) => {
    const objects = pkiObjects(VARIANTS[variant]);
    expect(objects.length).toBeGreaterThan(0);
    expect(validator.validateAll(objects)).toEqual([]);
  });

  it('ajv sees the CRD schemas: a misspelt field and a bad enum are rejected', () => {
    const cert = pkiObjects(VARIANTS['reference platform']).find((m) => m.kind === 'Certificate');
    expect(validator.validate({ ...cert, spec: { ...cert.spec, renewbefore: '1h' } }).join()).toMatch(/additional/);
    expect(validator.validate({ ...cert, spec: { ...cert.spec, privateKey: { algorithm: 'DSA' } } }).join()).toMatch(/allowed values/);
    const bundle = pkiObjects(VARIANTS['reference platform']).find((m) => m.kind === 'Bundle');
    expect(validator.validate({ ...bundle, spec: { ...bundle.spec, target: { configmap: { key: 'x' } } } }).join()).toMatch(/additional/);
  });

  it('kubeconform -strict reports every object valid, none missing a schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-pki-'));
    const files = Object.entries(VARIANTS).map(([variant, manifests], i) => {
      const file = join(dir, `variant-${i}.yaml`);
      const objects = [...pkiObjects(manifests), ...manifests.filter((m) => m.kind === 'Namespace')];
      writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
      expect(objects.length, variant).toBeGreaterThan(0);
      return { file, count: objects.length };
    });
    const result = runKubeconform(files.map((f) => f.file));
    expect(result.resources.filter((r) => r.status !== 'statusValid').map((r) => `${r.kind} ${r.name}: ${r.msg}`)).toEqual([]);
    expect(result).toMatchObject({ invalid: 0, missing: 0, errors: 0 });
    expect(result.valid).toBe(files.reduce((n, f) => n + f.count, 0));
  });
});
