import { objectsOf, podTemplateOf } from './manifest-objects';
import { Rule, RuleSeverity, RuleViolation } from './rule';

/** Realm representation keys that hold a credential. */
const REALM_SECRET_KEYS = new Set(['secret', 'password', 'clientSecret', 'bindCredential', 'secretData', 'privateKey', 'keystorePassword', 'value']);
/** Environment variable names that say they carry a credential. */
const SECRET_ENV_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;
/** A Keycloak import placeholder (`${CLIENT_SECRET_API}`), filled from a Secret when the operator imports. */
const PLACEHOLDER = /^\$\{[^}]+\}$/;

/**
 * Manifests end up in Git, CI logs and `kubectl get -o yaml`: a credential written into them is
 * disclosed to everyone who can read any of these.
 */
export const LITERAL_SECRETS: Rule = {
  id: 'ZT-RULE-006',
  name: 'no-literal-secrets',
  severity: RuleSeverity.ERROR,
  description: 'The output holds no credential in clear: no Secret with `data`/`stringData`, no client secret or password in a realm import (only `${...}` placeholders), no literal value in a container variable named like a credential.',
  fix: 'Create Secrets out of band (External Secrets, Sealed Secrets, cert-manager) and reference them: `secretKeyRef` for variables, `spec.placeholders` of the realm import for client secrets.',
  check(objects: readonly any[]): RuleViolation[] {
    const out: RuleViolation[] = [];
    for (const secret of objectsOf(objects, 'Secret', '')) {
      for (const field of ['data', 'stringData']) {
        for (const key of Object.keys(secret[field] ?? {})) {
          out.push({ object: secret, path: `${field}.${key}`, message: `Secret key "${key}" is written into the manifests` });
        }
      }
    }
    for (const realmImport of objectsOf(objects, 'KeycloakRealmImport', 'k8s.keycloak.org')) {
      walkRealm(realmImport.spec?.realm, 'spec.realm', false, (path) =>
        out.push({ object: realmImport, path, message: 'a credential is written in clear into the realm import' }));
    }
    for (const object of objects) {
      const pod = podTemplateOf(object);
      const containers = [['containers', pod?.template?.spec?.containers], ['initContainers', pod?.template?.spec?.initContainers]] as const;
      for (const [field, list] of containers) {
        (list ?? []).forEach((c: any, i: number) => (c?.env ?? []).forEach((e: any, j: number) => {
          if (typeof e?.value === 'string' && e.value !== '' && SECRET_ENV_NAME.test(e.name ?? '') && !PLACEHOLDER.test(e.value)) {
            out.push({ object, path: `${pod!.path}spec.${field}[${i}].env[${j}].value`, message: `variable ${e.name} of container "${c.name}" has a literal value` });
          }
        }));
      }
    }
    return out;
  },
};

/** Calls `found` for each credential-holding string in a realm representation (`value` only inside `credentials`). */
function walkRealm(node: any, path: string, inCredentials: boolean, found: (path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkRealm(item, `${path}[${i}]`, inCredentials, found));
    return;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const holdsSecret = REALM_SECRET_KEYS.has(key) && (key !== 'value' || inCredentials);
    const literals = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' && v !== '' && !PLACEHOLDER.test(v) && !/^\*+$/.test(v));
    if (holdsSecret && literals.length > 0) {
      found(`${path}.${key}`);
    } else {
      walkRealm(value, `${path}.${key}`, key === 'credentials', found);
    }
  }
}
