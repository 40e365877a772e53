import { ZoneProps, ZoneRole, ZoneRuleProps } from '../blueprint/zone';

/** The reference architecture's four zones, used when a blueprint declares none. */
export const DEFAULT_ZONES: readonly ZoneProps[] = [
  { name: 'dmz', role: ZoneRole.DMZ },
  { name: 'app', role: ZoneRole.APP },
  { name: 'data', role: ZoneRole.DATA },
  { name: 'management', role: ZoneRole.MANAGEMENT },
];

/** Default cross-zone calls by role: the edge calls applications, applications call data. */
export const DEFAULT_ROLE_RULES: readonly { from: ZoneRole; to: ZoneRole }[] = [
  { from: ZoneRole.DMZ, to: ZoneRole.APP },
  { from: ZoneRole.APP, to: ZoneRole.DATA },
];

/** Zone-rule pairs no exception can open: the edge never reaches data directly. */
export const FORBIDDEN_ROLE_RULES: readonly { from: ZoneRole; to: ZoneRole }[] = [
  { from: ZoneRole.DMZ, to: ZoneRole.DATA },
];

export function defaultZoneRules(zones: readonly { name: string; role: ZoneRole }[]): ZoneRuleProps[] {
  const rules: ZoneRuleProps[] = [];
  for (const { from, to } of DEFAULT_ROLE_RULES) {
    for (const a of zones.filter((z) => z.role === from)) {
      for (const b of zones.filter((z) => z.role === to)) {
        rules.push({ from: a.name, to: b.name });
      }
    }
  }
  return rules;
}

export const DEFAULT_INTERNET_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0'];
export const DEFAULT_API_SERVER_CIDRS: readonly string[] = ['0.0.0.0/0'];
export const DEFAULT_LINKERD_NAMESPACE = 'linkerd';
export const DEFAULT_DNS_NAMESPACE = 'kube-system';
export const DEFAULT_DNS_SELECTOR: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };

/** The default pod selector of a service. */
export function defaultSelector(serviceName: string): Record<string, string> {
  return { 'app.kubernetes.io/name': serviceName };
}
