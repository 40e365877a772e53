import { LIBRARY_LABEL_PREFIX } from '../labels';
import { IssueCollector } from './errors';
import { ServiceModel } from './model';

/**
 * Refuses selectors that would make one service's objects apply to another service's pods. A service's
 * pods carry its selector and the library's own labels (lib/service/pod-metadata.ts); its Kubernetes
 * Service, NetworkPolicies and Linkerd Servers select them by the selector. So a selector must not use
 * the library's keys (the library sets them, whatever the selector says), no two services of a namespace
 * may have the same selector, and no selector may hold only labels that another service's pods of its
 * namespace carry: the other pods would receive the first service's traffic and callers, an edge nobody
 * declared.
 *
 * Linear in the selectors' entries: each selector is compared only with the selectors holding its rarest
 * entry, and a service is reported once, with the first service (in blueprint order) it overlaps.
 */
export function checkSelectorOverlaps(services: readonly (ServiceModel | undefined)[], issues: IssueCollector): void {
  const holders = new Map<string, ServiceModel[]>(); // namespace, key and value -> the services whose selector holds it
  const identical = new Map<string, string>(); // namespace and the whole selector -> the last service declared with it
  for (const s of services) {
    if (s === undefined) {
      continue;
    }
    const entries = Object.entries(s.selector);
    for (const [key, value] of entries) {
      if (key.startsWith(LIBRARY_LABEL_PREFIX)) {
        issues.add('ZT-BP-053', `${s.path}.selector`, `"${key}" is a label the library writes on the pods of every service: select the pods of "${s.name}" by labels of your own`);
      }
      const entry = entryKey(s.namespace, key, value);
      const list = holders.get(entry);
      if (list === undefined) {
        holders.set(entry, [s]);
      } else {
        list.push(s);
      }
    }
    const whole = `${s.namespace}/${JSON.stringify(entries.sort())}`;
    const same = identical.get(whole);
    if (same !== undefined) {
      issues.add('ZT-BP-022', `${s.path}.selector`, `service "${s.name}" selects the same pods as service "${same}": give each service its own labels`);
    }
    identical.set(whole, s.name);
  }
  for (const s of services) {
    if (s === undefined) {
      continue;
    }
    const entries = Object.entries(s.selector);
    if (entries.length === 0) {
      continue; // an empty selector is ZT-BP-020
    }
    let rarest: ServiceModel[] | undefined;
    for (const [key, value] of entries) {
      const list = holders.get(entryKey(s.namespace, key, value))!;
      if (rarest === undefined || list.length < rarest.length) {
        rarest = list;
      }
    }
    const wider = rarest!.find((t) => t !== s && holdsAll(t.selector, entries) && !holdsAll(s.selector, Object.entries(t.selector)));
    if (wider !== undefined) {
      issues.add('ZT-BP-054', `${s.path}.selector`,
        `the selector of "${s.name}" (${describe(entries)}) also selects the pods of service "${wider.name}" (${wider.path}.selector holds every one of its labels): `
        + `the Service, NetworkPolicies and Linkerd Servers of "${s.name}" would apply to them; give "${s.name}" a label that the pods of "${wider.name}" do not carry`);
    }
  }
}

function entryKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function holdsAll(selector: Readonly<Record<string, string>>, entries: readonly [string, string][]): boolean {
  return entries.every(([key, value]) => Object.prototype.hasOwnProperty.call(selector, key) && selector[key] === value);
}

function describe(entries: readonly [string, string][]): string {
  return entries.map(([key, value]) => `${key}=${value}`).join(', ');
}
