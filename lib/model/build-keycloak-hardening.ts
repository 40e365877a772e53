import { KeycloakProps, KeycloakSigningKeyProps, ProxyHeaders, SigningKeyState } from '../blueprint/keycloak';
import { IssueCollector } from './errors';
import { SigningKeyModel } from './keycloak-model';
import { checkCidr } from './names';
import { compareNames } from '../name-order';

/** The realm's signing key when the blueprint declares none: above Keycloak's own generated key (priority 100). */
export const DEFAULT_SIGNING_KEY: KeycloakSigningKeyProps = { name: 'rsa-signing' };

const KEY_SIZES = [2048, 3072, 4096];

/** Signing keys with their defaults; at least one active, names unique, active priorities distinct. */
export function buildSigningKeys(props: KeycloakSigningKeyProps[] | undefined, path: string, issues: IssueCollector): SigningKeyModel[] {
  const declared = props ?? [DEFAULT_SIGNING_KEY];
  const names = new Set<string>();
  const keys = declared.map((k, i) => {
    const state = k.state ?? SigningKeyState.ACTIVE;
    const key: SigningKeyModel = {
      name: k.name, priority: k.priority ?? 200, active: state === SigningKeyState.ACTIVE, enabled: state !== SigningKeyState.DISABLED, keySize: k.keySize ?? 2048,
    };
    if (!/^[a-z0-9][a-z0-9-]*$/.test(k.name)) {
      issues.add('ZT-KC-405', `${path}[${i}].name`, `"${k.name}" is not a key name: use lowercase letters, digits and '-'`);
    }
    if (names.has(k.name)) {
      issues.add('ZT-KC-406', `${path}[${i}].name`, `key "${k.name}" is declared twice: the name identifies the key across rotations`);
    }
    names.add(k.name);
    if (!Number.isInteger(key.priority)) {
      issues.add('ZT-KC-407', `${path}[${i}].priority`, `${key.priority} is not a whole number`);
    }
    if (!KEY_SIZES.includes(key.keySize)) {
      issues.add('ZT-KC-408', `${path}[${i}].keySize`, `${key.keySize} bits: use ${KEY_SIZES.join(', ')}`);
    }
    return key;
  });
  const active = keys.filter((k) => k.active);
  if (active.length === 0) {
    issues.add('ZT-KC-409', path, 'no key is active, so Keycloak could not sign tokens: keep one key in state active');
  }
  const top = Math.max(...active.map((k) => k.priority));
  if (active.filter((k) => k.priority === top).length > 1) {
    issues.add('ZT-KC-410', path, `several active keys share the highest priority ${top}: give the key that should sign a higher priority`);
  }
  return keys.sort((a, b) => compareNames(a.name, b.name));
}

/**
 * Which forwarded headers Keycloak believes, and from where. Without trusted proxies none: any client could
 * otherwise put the address it likes into Keycloak's events (and its brute-force records).
 */
export function buildProxyTrust(kc: KeycloakProps, issues: IssueCollector): { proxyHeaders?: ProxyHeaders; trustedProxyCidrs: string[] } {
  const cidrs = kc.trustedProxyCidrs ?? [];
  cidrs.forEach((c, i) => issues.check('ZT-KC-411', `keycloak.trustedProxyCidrs[${i}]`, checkCidr(c)));
  if (cidrs.length === 0) {
    if (kc.proxyHeaders !== undefined) {
      issues.add('ZT-KC-412', 'keycloak.proxyHeaders', `Keycloak would believe ${kc.proxyHeaders} headers from any client, which can then forge its address: list the gateway's addresses in keycloak.trustedProxyCidrs`);
    }
    return { trustedProxyCidrs: [] };
  }
  return { proxyHeaders: kc.proxyHeaders ?? ProxyHeaders.XFORWARDED, trustedProxyCidrs: [...cidrs] };
}
