import fc from 'fast-check';
import type { FlowSourceProps, HttpRouteProps, ServicePortProps, ServiceProps, WorkloadCallerProps, ZeroTrustBlueprintProps, ZoneProps } from '../../lib';

// A generator of VALID blueprints. fast-check draws raw choices (`RawBlueprint`); `toBlueprint` turns
// them into a blueprint that follows the documented rules (README "zone rules", docs/mesh.md), so a
// rejection of a generated blueprint is a finding, not noise. Shrinking works on the raw choices.

const ROLES = ['dmz', 'app', 'data', 'management'] as const;
type Role = (typeof ROLES)[number];
const RENAMES: Record<Role, string> = { dmz: 'edge', app: 'core', data: 'storage', management: 'ops' };
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const APP_PROTOCOLS = ['http', 'http2', 'grpc', 'tcp', 'opaque'] as const;
/** Container ports a generated service may listen on (never a Linkerd proxy port). */
const PORT_NUMBERS = [53, 80, 443, 3000, 5432, 6379, 8000, 8080, 8443, 9000, 9090, 9100];

export interface RawZone { readonly role: Role; readonly renamed: boolean; readonly meshed: boolean; readonly audit: boolean }
export interface RawPort { readonly protocol: number; readonly app: number; readonly number: number; readonly metrics: boolean; readonly shift: boolean }
export interface RawCaller { readonly kind: 'service' | 'zone' | 'roles' | 'internet' | 'admin' | 'workload'; readonly ref: number; readonly ports: number | null; readonly narrowCidrs: boolean }
export interface RawService {
  readonly zone: number;
  readonly meshed: boolean | null;
  readonly ports: RawPort[];
  readonly roles: number[];
  readonly callers: RawCaller[];
  readonly egress: boolean;
  readonly scraper: boolean;
  readonly probes: boolean;
  readonly routes: number;
  /** The first route admits a role instead of its holders, where one role's holders are exactly some of its callers. */
  readonly roleRoutes: boolean;
  readonly expose: boolean;
}
export interface RawBlueprint {
  readonly zones: RawZone[] | null;
  readonly customRules: number | null;
  readonly roles: number[][] | null;
  readonly services: RawService[];
  readonly pki: boolean;
  readonly keycloak: boolean;
  readonly auditMode: boolean;
}

const rawPort = fc.record({
  protocol: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
  app: fc.integer({ min: 0, max: 5 }),
  number: fc.nat({ max: PORT_NUMBERS.length - 1 }),
  metrics: fc.boolean(),
  shift: fc.boolean(),
});
const rawCaller = fc.record({
  kind: fc.constantFrom('service' as const, 'zone' as const, 'roles' as const, 'internet' as const, 'admin' as const, 'workload' as const),
  ref: fc.nat({ max: 20 }),
  ports: fc.option(fc.nat({ max: 7 }), { nil: null }),
  narrowCidrs: fc.boolean(),
});
const rawService = fc.record({
  zone: fc.nat({ max: 9 }),
  meshed: fc.option(fc.boolean(), { nil: null, freq: 3 }),
  ports: fc.array(rawPort, { maxLength: 3 }),
  roles: fc.array(fc.nat({ max: 3 }), { maxLength: 2 }),
  callers: fc.array(rawCaller, { maxLength: 3 }),
  egress: fc.boolean(),
  scraper: fc.boolean(),
  probes: fc.boolean(),
  routes: fc.nat({ max: 2 }),
  roleRoutes: fc.boolean(),
  expose: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

/** fast-check arbitrary of raw choices; map them with `toBlueprint`. */
export const rawBlueprint: fc.Arbitrary<RawBlueprint> = fc.record({
  zones: fc.option(fc.array(fc.record({
    role: fc.constantFrom(...ROLES),
    renamed: fc.boolean(),
    meshed: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    audit: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }), { minLength: 1, maxLength: 5 }), { nil: null }),
  customRules: fc.option(fc.nat({ max: 1023 }), { nil: null }),
  roles: fc.option(fc.array(fc.array(fc.nat({ max: 3 }), { maxLength: 2 }), { minLength: 4, maxLength: 4 }), { nil: null }),
  services: fc.array(rawService, { minLength: 1, maxLength: 7 }),
  pki: fc.boolean(),
  keycloak: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  auditMode: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** Generated valid blueprints. */
export const validBlueprint: fc.Arbitrary<ZeroTrustBlueprintProps> = rawBlueprint.map(toBlueprint);

interface Zone { readonly name: string; readonly role: Role; readonly meshed: boolean }

/** The admin VPN that management-zone services may admit. */
export const ADMIN_NETWORK = { name: 'admin-vpn', cidrs: ['192.0.2.128/25'] };

/** Callers outside the blueprint: meshed with pod labels, meshed without, unmeshed with its addresses. */
function outsideWorkload(k: number): WorkloadCallerProps {
  return [
    { namespace: 'ingress-nginx', serviceAccount: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    { namespace: 'linkerd-viz', serviceAccount: 'prometheus' },
    { namespace: 'ci', serviceAccount: 'runner', podLabels: { app: 'runner' }, meshed: false, cidrs: ['10.200.0.0/24'] },
  ][k];
}

/** Builds a blueprint that follows every documented rule from raw choices. */
export function toBlueprint(raw: RawBlueprint): ZeroTrustBlueprintProps {
  const zones = buildZones(raw.zones);
  const roleNames = raw.roles ? ['r0', 'r1', 'r2', 'r3'] : ['admin', 'operator', 'viewer'];
  const allowedPairs = zoneRules(zones, raw.customRules);
  const zoneProps: ZoneProps[] | undefined = raw.zones ? zones.map((z, i) => ({
    name: z.name,
    ...(z.name === z.role ? {} : { role: z.role as ZoneProps['role'] }),
    ...(z.meshed ? {} : { meshed: false }),
    ...(raw.zones![i].audit ? { meshMode: 'audit' as any } : {}),
  })) : undefined;

  // Services: zone, mesh membership, ports, roles.
  const drafts = raw.services.map((s, i) => {
    const zone = zones[s.zone % zones.length];
    const meshed = s.meshed ?? zone.meshed;
    const ports = buildPorts(s.ports, i);
    const roles = [...new Set(s.roles.map((r) => roleNames[r % roleNames.length]))].sort();
    return { raw: s, name: `svc-${i}`, zone, meshed, ports, roles };
  });
  // Keycloak needs egress to its database, which a data zone never has.
  const keycloakZone = zones.find((z) => z.role === 'app') ?? zones.find((z) => z.role !== 'data');
  const withKeycloak = raw.keycloak && keycloakZone !== undefined;
  if (withKeycloak) {
    const zone = keycloakZone!;
    drafts.push({
      raw: { zone: 0, meshed: null, ports: [], roles: [], callers: [], egress: false, scraper: false, probes: false, routes: 0, roleRoutes: false, expose: true },
      name: 'keycloak', zone, meshed: zone.meshed, roles: [],
      ports: [{ name: 'https', port: 8443, appProtocol: 'tcp' as any }, { name: 'management', port: 9000, metrics: true }],
    });
  }
  const scraper = drafts.find((d) => d.raw.scraper && d.zone.role === 'management');
  const holders = (roles: string[]) => drafts.filter((d) => d.roles.some((held) => closure(held, raw.roles, roleNames).some((r) => roles.includes(r))));

  const zoneAllows = (from: Zone, to: Zone): 'ok' | 'exception' | 'forbidden' =>
    from === to ? 'ok' : from.role === 'dmz' && to.role === 'data' ? 'forbidden' : allowedPairs.has(`${from.name}>${to.name}`) ? 'ok' : 'exception';

  let usesAdminNetwork = false;
  const services: ServiceProps[] = drafts.map((d) => {
    const allowFrom: FlowSourceProps[] = [];
    const seen = new Set<string>();
    const portCallers = new Map<string, { meshedServices: Set<string>; other: boolean }>(d.ports.map((p) => [p.name, { meshedServices: new Set(), other: false }]));
    // Keycloak: every service holding roles fetches its tokens on `https` (ZT-KC-104).
    const tokenClients: RawCaller[] = d.name === 'keycloak'
      ? drafts.filter((x) => x.roles.length > 0 && x !== d).map((x) => ({ kind: 'service', ref: drafts.indexOf(x), ports: 1, narrowCidrs: false })) : [];
    for (const c of d.ports.length > 0 ? [...d.raw.callers, ...tokenClients] : []) {
      const ports = c.ports === null ? undefined : subset(d.ports.map((p) => p.name), c.ports);
      let flow: FlowSourceProps | undefined;
      let callers: typeof drafts = [];
      let verdicts: ('ok' | 'exception' | 'forbidden')[] = [];
      if (c.kind === 'internet') {
        if (d.zone.role !== 'dmz') continue;
        flow = { internet: true, ...(c.narrowCidrs ? { cidrs: ['203.0.113.0/24'] } : {}) };
      } else if (c.kind === 'admin') {
        if (d.zone.role !== 'management') continue;
        flow = { adminNetwork: ADMIN_NETWORK.name };
        usesAdminNetwork = true;
      } else if (c.kind === 'workload') {
        flow = { workload: outsideWorkload(c.ref % 3) };
      } else if (c.kind === 'service') {
        const caller = drafts[c.ref % drafts.length];
        if (caller === d) continue;
        flow = { service: caller.name };
        callers = [caller];
        verdicts = [zoneAllows(caller.zone, d.zone)];
      } else if (c.kind === 'zone') {
        const zone = zones[c.ref % zones.length];
        callers = drafts.filter((x) => x.zone === zone && x !== d);
        // A zone caller with an exception: every service of the zone but the first.
        const except = c.narrowCidrs && callers.length >= 2 ? [callers[0].name] : undefined;
        if (except) callers = callers.slice(1);
        flow = { zone: zone.name, ...(except ? { except } : {}) };
        verdicts = [zoneAllows(zone, d.zone)];
      } else {
        const roles = [roleNames[c.ref % roleNames.length]];
        callers = holders(roles).filter((x) => x !== d);
        if (callers.length === 0) continue;
        flow = { roles };
        verdicts = callers.map((x) => zoneAllows(x.zone, d.zone));
      }
      if (verdicts.includes('forbidden')) {
        if (tokenClients.includes(c)) throw new Error('a DMZ service never holds roles of a data-zone Keycloak');
        continue;
      }
      const key = JSON.stringify({ ...flow, cidrs: undefined, except: undefined });
      if (seen.has(key)) continue;
      seen.add(key);
      for (const name of ports ?? d.ports.map((p) => p.name)) {
        const entry = portCallers.get(name)!;
        callers.forEach((x) => (x.meshed ? entry.meshedServices.add(x.name) : (entry.other = true)));
        if (c.kind === 'internet' || c.kind === 'admin' || c.kind === 'workload') entry.other = true;
      }
      allowFrom.push({ ...flow, ...(ports ? { ports } : {}), ...(verdicts.includes('exception') ? { zoneRuleException: 'generated: a reviewed exception' } : {}) });
    }
    if (scraper && scraper !== d) {
      d.ports.filter((p) => p.metrics).forEach((p) => (scraper.meshed ? portCallers.get(p.name)!.meshedServices.add(scraper.name) : (portCallers.get(p.name)!.other = true)));
    }
    const roleHolders = d.raw.roleRoutes ? roleNames.map((role) => ({ role, holders: holders([role]).filter((x) => x !== d) })) : [];
    const routes = d.meshed ? buildRoutes(d.raw.routes, d.ports, portCallers, roleHolders) : [];
    const httpPort = d.ports.find((p) => (p.protocol ?? 'TCP') === 'TCP' && ['http', 'http2', undefined].includes(p.appProtocol) && !p.metrics);
    return {
      name: d.name,
      zone: d.zone.name,
      ...(d.raw.meshed !== null || d.meshed !== d.zone.meshed ? { meshed: d.meshed } : {}),
      ...(d.ports.length > 0 ? { ports: d.ports } : {}),
      ...(d.roles.length > 0 ? { roles: d.roles } : {}),
      ...(allowFrom.length > 0 ? { allowFrom } : {}),
      ...(d.raw.egress && d.zone.role !== 'data' ? { egressTo: [{ name: 'partner', cidrs: ['198.51.100.0/24'], ports: [443] }] } : {}),
      ...(d.name === 'keycloak' ? { egressTo: [{ name: 'database', cidrs: ['192.0.2.10/32'], ports: [5432] }] } : {}),
      ...(scraper === d ? { metricsScraper: true } : {}),
      ...(d.raw.probes && httpPort ? { probes: { port: httpPort.name, liveness: '/healthz', readiness: '/ready' } } : {}),
      ...(routes.length > 0 ? { routes } : {}),
      ...(d.meshed ? {} : { callerCidrs: [`10.${100 + drafts.indexOf(d)}.0.0/16`] }),
      ...(d.raw.expose ? {} : { expose: false }),
    };
  });

  return {
    ...(zoneProps ? { zones: zoneProps } : {}),
    ...(usesAdminNetwork ? { adminNetworks: [ADMIN_NETWORK] } : {}),
    ...(raw.customRules !== null ? { zoneRules: [...allowedPairs].map((p) => ({ from: p.split('>')[0], to: p.split('>')[1] })) } : {}),
    ...(raw.roles ? { roles: roleNames.map((name, i) => ({ name, ...(includesOf(i, raw.roles!).length ? { includes: includesOf(i, raw.roles!).map((j) => roleNames[j]) } : {}) })) } : {}),
    services,
    ...(raw.auditMode ? { mesh: { mode: 'audit' as any } } : {}),
    ...(raw.pki ? { pki: {} } : {}),
    ...(withKeycloak ? { keycloak: { hostname: 'auth.example.com', realm: 'acme', database: { host: 'db.example.com' }, ...(raw.roles ? { mfa: { otpRequiredForRoles: ['r0'] } } : {}) } } : {}),
  };
}

function buildZones(raw: RawZone[] | null): Zone[] {
  if (!raw) return ROLES.map((r) => ({ name: r, role: r, meshed: true }));
  const used = new Set<string>();
  return raw.map((z, i) => {
    let name = z.renamed ? RENAMES[z.role] : z.role;
    if (used.has(name)) name = `${name}-${i}`;
    used.add(name);
    return { name, role: z.role, meshed: z.meshed };
  });
}

/** The zone rules as `from>to` pairs: the defaults by role, or a subset of the pairs that may exist. */
function zoneRules(zones: Zone[], custom: number | null): Set<string> {
  const pairs = zones.flatMap((a) => zones.filter((b) => b !== a).map((b) => [a, b] as const));
  if (custom === null) {
    return new Set(pairs.filter(([a, b]) => (a.role === 'dmz' && b.role === 'app') || (a.role === 'app' && b.role === 'data')).map(([a, b]) => `${a.name}>${b.name}`));
  }
  return new Set(pairs.filter(([a, b]) => !(a.role === 'dmz' && b.role === 'data')).filter((_, i) => (custom >> (i % 10)) & 1).map(([a, b]) => `${a.name}>${b.name}`));
}

function buildPorts(raw: RawPort[], serviceIndex: number): ServicePortProps[] {
  const taken = new Set<string>();
  const ports: ServicePortProps[] = [];
  raw.forEach((p, j) => {
    const protocol: string = PROTOCOLS[p.protocol];
    const number = PORT_NUMBERS[(p.number + serviceIndex) % PORT_NUMBERS.length];
    const target = p.shift ? number + 10000 : number;
    // Kubernetes keys a Service's ports by (port, protocol) and a pod's by (containerPort, protocol).
    if (taken.has(`${protocol}/${target}`) || taken.has(`service ${protocol}/${number}`)) return;
    taken.add(`${protocol}/${target}`);
    taken.add(`service ${protocol}/${number}`);
    const app = p.app < APP_PROTOCOLS.length ? APP_PROTOCOLS[p.app] : undefined;
    const metrics = protocol === 'TCP' && (app === undefined || app === 'http') && p.metrics;
    ports.push({
      name: `${protocol === 'TCP' ? (app ?? 'http') : protocol.toLowerCase()}-${j}`,
      port: number,
      ...(p.shift ? { targetPort: target } : {}),
      ...(protocol === 'TCP' ? {} : { protocol: protocol as any }),
      ...(app ? { appProtocol: app as any } : {}),
      ...(metrics ? { metrics: true } : {}),
    });
  });
  return ports;
}

/**
 * Routes on one meshed HTTP port whose callers are all meshed services (Linkerd serves only requests
 * that match a route, so every caller of the port must be in a route, and an unmeshed caller cannot be).
 * With `roleHolders`, the first route admits a role whose holders (but the target) are all meshed callers of
 * the port, instead of listing them: `allowRoles` admits every holder, so none may be missing from the flows
 * (ZT-MESH-026); routes left with nobody are dropped.
 */
function buildRoutes(count: number, ports: ServicePortProps[], callers: Map<string, { meshedServices: Set<string>; other: boolean }>,
  roleHolders: { role: string; holders: { name: string; meshed: boolean }[] }[]): HttpRouteProps[] {
  const port = ports.find((p) => (p.protocol ?? 'TCP') === 'TCP' && ['http', 'http2', undefined].includes(p.appProtocol as string)
    && !p.metrics && !callers.get(p.name)!.other && callers.get(p.name)!.meshedServices.size > 0);
  if (!port || count === 0) return [];
  const names = [...callers.get(port.name)!.meshedServices].sort();
  const groups = Array.from({ length: Math.min(count, names.length) }, (_, k) => names.filter((_n, i) => i % Math.min(count, names.length) === k));
  const byRole = roleHolders.find(({ holders }) => holders.length > 0 && holders.every((h) => h.meshed && names.includes(h.name)));
  const held = new Set(byRole?.holders.map((h) => h.name));
  return groups
    .map((group, k) => ({ allowServices: group.filter((n) => !held.has(n)), allowRoles: k === 0 && byRole ? [byRole.role] : undefined }))
    .filter((g) => g.allowServices.length > 0 || g.allowRoles)
    .map(({ allowServices, allowRoles }, k) => ({
      name: `route-${k}`, port: port.name, path: `/r${k}`, ...(k === 1 ? { methods: ['GET' as any, 'POST' as any] } : {}),
      ...(allowServices.length > 0 ? { allowServices } : {}), ...(allowRoles ? { allowRoles } : {}),
    }));
}

/** A non-empty subset of `names` chosen by the bits of `mask`. */
function subset(names: string[], mask: number): string[] {
  const picked = names.filter((_, i) => (mask >> i) & 1);
  return picked.length > 0 ? picked : [names[mask % names.length]];
}

/** Role i includes only roles j > i, so the hierarchy has no cycle. */
function includesOf(i: number, raw: number[][]): number[] {
  return [...new Set(raw[i].map((j) => i + 1 + (j % Math.max(1, 3 - i))).filter((j) => j < 4))].sort();
}

/** Every role `role` includes, itself too (default: admin > operator > viewer). */
function closure(role: string, raw: number[][] | null, names: string[]): string[] {
  const includes = (r: string): string[] => raw ? includesOf(names.indexOf(r), raw).map((j) => names[j])
    : ({ admin: ['operator'], operator: ['viewer'], viewer: [] } as Record<string, string[]>)[r] ?? [];
  const out = new Set<string>();
  const visit = (r: string) => { if (!out.has(r)) { out.add(r); includes(r).forEach(visit); } };
  visit(role);
  return [...out];
}
