import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { ExternalEgressProps, FlowSourceProps } from '../blueprint/flow';
import { AppProtocol, Protocol } from '../blueprint/protocol';
import { ServiceProps } from '../blueprint/service';
import { ZoneRole } from '../blueprint/zone';
import {
  DEFAULT_API_SERVER_CIDRS, DEFAULT_DNS_NAMESPACE, DEFAULT_DNS_SELECTOR, DEFAULT_INTERNET_CIDRS,
  DEFAULT_LINKERD_NAMESPACE, DEFAULT_ZONES, FORBIDDEN_ROLE_RULES, defaultSelector, defaultZoneRules,
} from './defaults';
import { buildEdge } from './build-edge';
import { buildKeycloak } from './build-keycloak';
import { buildPki, buildServiceTls } from './build-pki';
import { buildMesh, buildProbes } from './build-mesh';
import { buildRoleFlow } from './build-role-flow';
import { buildRoles, unknownRole } from './build-roles';
import { IssueCollector } from './errors';
import {
  BlueprintModel, ExternalEgressModel, FlowModel, FlowSourceKind, LINKERD_PORTS, PortModel, RoleModel, ServiceModel, ZoneModel,
} from './model';
import { checkCidr, checkDnsLabel, checkDnsSubdomain, checkLabels, checkPortName, checkPortNumber } from './names';
import { checkSchema } from './schema';

/** Ports the Linkerd proxy itself listens on inside every meshed pod. */
const PROXY_PORTS = new Set<number>([LINKERD_PORTS.proxyInbound, LINKERD_PORTS.proxyOutbound, 4190, LINKERD_PORTS.proxyAdmin]);

/**
 * Validates a blueprint and returns its normalized model. Throws a BlueprintError listing every problem,
 * each with the JSON path of the offending field.
 */
export function buildModel(props: ZeroTrustBlueprintProps, source?: string): BlueprintModel {
  const issues = new IssueCollector();
  checkSchema(props, issues);
  issues.throwIfAny(source);

  const roles = buildRoles(props.roles, issues);
  const zones = buildZones(props, issues);
  const zoneByName = new Map(zones.map((z) => [z.name, z]));
  const allowedZonePairs = buildZoneRules(props, zoneByName, issues);
  const services = buildServices(props, zoneByName, new Map(roles.map((r) => [r.name, r])), issues);
  const serviceByName = new Map(services.map((s) => [s.name, s]));
  const roleByName = new Map(roles.map((r) => [r.name, r]));
  const flows = buildFlows(props, serviceByName, zoneByName, allowedZonePairs, services, roleByName, issues);
  const mesh = buildMesh(props, zones, services, flows, roleByName, issues);

  const linkerdNamespace = props.linkerd?.namespace ?? DEFAULT_LINKERD_NAMESPACE;
  issues.check('ZT-BP-001', 'linkerd.namespace', checkDnsLabel(linkerdNamespace));
  const apiServerCidrs = props.linkerd?.apiServerCidrs ?? DEFAULT_API_SERVER_CIDRS;
  apiServerCidrs.forEach((c, i) => issues.check('ZT-BP-002', `linkerd.apiServerCidrs[${i}]`, checkCidr(c)));
  const additionalMeshedNamespaces = props.linkerd?.additionalMeshedNamespaces ?? [];
  additionalMeshedNamespaces.forEach((n, i) => issues.check('ZT-BP-003', `linkerd.additionalMeshedNamespaces[${i}]`, checkDnsLabel(n)));
  const dnsNamespace = props.dns?.namespace ?? DEFAULT_DNS_NAMESPACE;
  issues.check('ZT-BP-004', 'dns.namespace', checkDnsLabel(dnsNamespace));
  const dnsSelector = props.dns?.podSelector ?? DEFAULT_DNS_SELECTOR;
  issues.check('ZT-BP-005', 'dns.podSelector', checkLabels(dnsSelector));
  if (zones.some((z) => z.namespace === linkerdNamespace)) {
    issues.add('ZT-BP-006', 'linkerd.namespace', `"${linkerdNamespace}" is also a zone namespace: the control plane needs its own namespace`);
  }
  const pki = buildPki(props, services, zones, linkerdNamespace, issues);
  const keycloak = buildKeycloak(props, services, flows, roles, issues);
  const edge = buildEdge(props, { services, flows, roles: roleByName, keycloak }, issues);

  issues.throwIfAny(source);
  return {
    zones,
    services,
    flows,
    roles,
    linkerd: { namespace: linkerdNamespace, apiServerCidrs: [...apiServerCidrs], additionalMeshedNamespaces: [...additionalMeshedNamespaces] },
    dns: { namespace: dnsNamespace, podSelector: { ...dnsSelector } },
    mesh,
    pki,
    keycloak,
    edge,
  };
}


function buildZones(props: ZeroTrustBlueprintProps, issues: IssueCollector): ZoneModel[] {
  const declared = props.zones ?? DEFAULT_ZONES;
  if (declared.length === 0) {
    issues.add('ZT-BP-007', 'zones', 'the zone list is empty: declare at least one zone, or omit `zones` for dmz, app, data and management');
  }
  const roles = new Set<string>(Object.values(ZoneRole));
  const names = new Set<string>();
  const namespaces = new Set<string>();
  return declared.map((zone, i) => {
    const path = `zones[${i}]`;
    issues.check('ZT-BP-008', `${path}.name`, checkDnsLabel(zone.name));
    if (names.has(zone.name)) {
      issues.add('ZT-BP-009', `${path}.name`, `zone "${zone.name}" is declared twice: zone names must be unique`);
    }
    names.add(zone.name);
    const role = zone.role ?? (roles.has(zone.name) ? (zone.name as ZoneRole) : undefined);
    if (!role) {
      issues.add('ZT-BP-010', `${path}.role`, `zone "${zone.name}" needs a role (dmz, app, data or management) because its name is not one of them`);
    }
    const namespace = zone.namespace ?? zone.name;
    issues.check('ZT-BP-011', `${path}.namespace`, checkDnsLabel(namespace));
    if (namespaces.has(namespace)) {
      issues.add('ZT-BP-012', `${path}.namespace`, `namespace "${namespace}" holds another zone already: each zone needs its own namespace`);
    }
    namespaces.add(namespace);
    issues.check('ZT-BP-013', `${path}.labels`, checkLabels(zone.labels ?? {}));
    return { name: zone.name, role: role ?? ZoneRole.APP, namespace, meshed: zone.meshed ?? true, labels: { ...zone.labels } };
  });
}

function buildZoneRules(props: ZeroTrustBlueprintProps, zones: Map<string, ZoneModel>, issues: IssueCollector): Set<string> {
  const rules = props.zoneRules ?? defaultZoneRules([...zones.values()]);
  const allowed = new Set<string>();
  rules.forEach((rule, i) => {
    const from = zones.get(rule.from);
    const to = zones.get(rule.to);
    if (!from) {
      issues.add('ZT-BP-014', `zoneRules[${i}].from`, unknownZone(rule.from, zones));
    }
    if (!to) {
      issues.add('ZT-BP-015', `zoneRules[${i}].to`, unknownZone(rule.to, zones));
    }
    if (from && to && FORBIDDEN_ROLE_RULES.some((f) => f.from === from.role && f.to === to.role)) {
      issues.add('ZT-BP-016', `zoneRules[${i}]`, `zone "${from.name}" (${from.role}) may never call zone "${to.name}" (${to.role}): route the call through an ${ZoneRole.APP} zone service`);
    }
    allowed.add(zonePair(rule.from, rule.to));
  });
  return allowed;
}

function zonePair(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function unknownZone(name: string, zones: Map<string, ZoneModel>): string {
  return `unknown zone "${name}": declared zones are ${[...zones.keys()].map((z) => `"${z}"`).join(', ') || 'none'}`;
}

function unknownService(name: string, services: Map<string, ServiceModel>): string {
  return `unknown service "${name}": declare it in \`services\` (known: ${[...services.keys()].map((s) => `"${s}"`).join(', ')})`;
}

function buildServices(
  props: ZeroTrustBlueprintProps,
  zones: Map<string, ZoneModel>,
  roles: Map<string, RoleModel>,
  issues: IssueCollector,
): ServiceModel[] {
  const names = new Set<string>();
  const accounts = new Map<string, string>();
  const selectors = new Map<string, string>();
  return props.services.map((svc, i) => {
    const path = `services[${i}]`;
    issues.check('ZT-BP-017', `${path}.name`, checkDnsLabel(svc.name));
    if (names.has(svc.name)) {
      issues.add('ZT-BP-018', `${path}.name`, `service "${svc.name}" is declared twice: service names must be unique across zones`);
    }
    names.add(svc.name);
    const zone = zones.get(svc.zone);
    if (!zone) {
      issues.add('ZT-BP-019', `${path}.zone`, unknownZone(svc.zone, zones));
    }
    const namespace = zone?.namespace ?? svc.zone;
    const selector = svc.selector ?? defaultSelector(svc.name);
    if (Object.keys(selector).length === 0) {
      issues.add('ZT-BP-020', `${path}.selector`, 'an empty selector would select every pod of the zone: give the service\'s pod labels');
    }
    issues.check('ZT-BP-021', `${path}.selector`, checkLabels(selector));
    const selectorKey = `${namespace}/${JSON.stringify(Object.entries(selector).sort())}`;
    if (selectors.has(selectorKey)) {
      issues.add('ZT-BP-022', `${path}.selector`, `service "${svc.name}" selects the same pods as service "${selectors.get(selectorKey)}": give each service its own labels`);
    }
    selectors.set(selectorKey, svc.name);
    const serviceAccountName = svc.serviceAccount?.name ?? svc.name;
    issues.check('ZT-BP-023', `${path}.serviceAccount.name`, checkDnsSubdomain(serviceAccountName));
    const accountKey = `${namespace}/${serviceAccountName}`;
    if (accounts.has(accountKey)) {
      issues.add('ZT-BP-024', `${path}.serviceAccount.name`, `ServiceAccount "${serviceAccountName}" is already the identity of service "${accounts.get(accountKey)}": each service needs its own workload identity`);
    }
    accounts.set(accountKey, svc.name);
    const meshed = svc.meshed ?? zone?.meshed ?? true;
    const ports = buildPorts(svc, path, meshed, issues);
    const metricsScraper = svc.metricsScraper ?? false;
    if (metricsScraper && zone && zone.role !== ZoneRole.MANAGEMENT) {
      issues.add('ZT-BP-025', `${path}.metricsScraper`, `the metrics scraper must run in a ${ZoneRole.MANAGEMENT} zone, not in "${zone.name}" (${zone.role})`);
    }
    const egress = (svc.egressTo ?? []).map((e, j) => buildEgress(e, `${path}.egressTo[${j}]`, issues));
    uniqueNames(egress, `${path}.egressTo`, 'external destination', issues);
    if (zone?.role === ZoneRole.DATA && egress.length > 0) {
      issues.add('ZT-BP-026', `${path}.egressTo`, `service "${svc.name}" is in ${ZoneRole.DATA} zone "${zone.name}", which has no egress out of the cluster: move the call to an ${ZoneRole.APP} zone service`);
    }
    const declaredRoles = svc.roles ?? [];
    declaredRoles.forEach((r, j) => {
      if (!roles.has(r)) {
        issues.add('ZT-BP-027', `${path}.roles[${j}]`, unknownRole(r, roles));
      }
    });
    const effectiveRoles = [...new Set(declaredRoles.flatMap((r) => roles.get(r)?.effective ?? []))].sort();
    return {
      name: svc.name,
      zone: zone ?? { name: svc.zone, role: ZoneRole.APP, namespace, meshed, labels: {} },
      namespace,
      selector: { ...selector },
      serviceAccountName,
      createServiceAccount: svc.serviceAccount?.create ?? true,
      ports,
      meshed,
      metricsScraper,
      expose: svc.expose ?? true,
      egress,
      roles: [...declaredRoles],
      effectiveRoles,
      probes: buildProbes(svc, path, ports, issues),
      tls: buildServiceTls(svc, path, namespace, props.pki, issues),
    };
  });
}

function buildPorts(svc: ServiceProps, path: string, meshed: boolean, issues: IssueCollector): PortModel[] {
  const ports = (svc.ports ?? []).map((p, j): PortModel => {
    const portPath = `${path}.ports[${j}]`;
    issues.check('ZT-BP-028', `${portPath}.name`, checkPortName(p.name));
    issues.check('ZT-BP-029', `${portPath}.port`, checkPortNumber(p.port));
    const targetPort = p.targetPort ?? p.port;
    issues.check('ZT-BP-030', `${portPath}.targetPort`, checkPortNumber(targetPort));
    if (meshed && PROXY_PORTS.has(targetPort)) {
      issues.add('ZT-BP-031', `${portPath}.targetPort`, `${targetPort} is a port of the Linkerd proxy in every meshed pod: choose another container port`);
    }
    return {
      name: p.name,
      port: p.port,
      targetPort,
      protocol: p.protocol ?? Protocol.TCP,
      appProtocol: p.appProtocol ?? AppProtocol.HTTP,
      metrics: p.metrics ?? false,
    };
  });
  uniqueNames(ports, `${path}.ports`, 'port', issues);
  const seen = new Set<string>();
  ports.forEach((p, j) => {
    const key = `${p.protocol}/${p.targetPort}`;
    if (seen.has(key)) {
      issues.add('ZT-BP-032', `${path}.ports[${j}].targetPort`, `${p.protocol} port ${p.targetPort} is declared twice`);
    }
    seen.add(key);
  });
  return ports;
}

function buildEgress(e: ExternalEgressProps, path: string, issues: IssueCollector): ExternalEgressModel {
  issues.check('ZT-BP-033', `${path}.name`, checkDnsLabel(e.name));
  if (e.cidrs.length === 0) {
    issues.add('ZT-BP-034', `${path}.cidrs`, 'list at least one destination CIDR');
  }
  e.cidrs.forEach((c, k) => issues.check('ZT-BP-035', `${path}.cidrs[${k}]`, checkCidr(c)));
  if (e.ports.length === 0) {
    issues.add('ZT-BP-036', `${path}.ports`, 'list at least one destination port');
  }
  e.ports.forEach((p, k) => issues.check('ZT-BP-037', `${path}.ports[${k}]`, checkPortNumber(p)));
  return { name: e.name, cidrs: [...e.cidrs], ports: [...e.ports], protocol: e.protocol ?? Protocol.TCP };
}

function uniqueNames(items: readonly { name: string }[], path: string, what: string, issues: IssueCollector): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      issues.add('ZT-BP-038', `${path}[${i}].name`, `${what} "${item.name}" is declared twice`);
    }
    seen.add(item.name);
  });
}

function buildFlows(
  props: ZeroTrustBlueprintProps,
  services: Map<string, ServiceModel>,
  zones: Map<string, ZoneModel>,
  allowedZonePairs: Set<string>,
  allServices: readonly ServiceModel[],
  roles: ReadonlyMap<string, RoleModel>,
  issues: IssueCollector,
): FlowModel[] {
  const flows: FlowModel[] = [];
  props.services.forEach((svc, i) => {
    const target = services.get(svc.name)!;
    const seen = new Set<string>();
    (svc.allowFrom ?? []).forEach((src, j) => {
      const path = `services[${i}].allowFrom[${j}]`;
      const flow = buildFlow(src, path, target, services, zones, allowedZonePairs, allServices, roles, issues);
      if (!flow) {
        return;
      }
      const key = `${flow.kind}/${flow.sourceService?.name ?? flow.sourceZone?.name ?? flow.sourceRoles?.join(',') ?? ''}`;
      if (seen.has(key)) {
        issues.add('ZT-BP-039', path, `this caller is already allowed by another entry of allowFrom: merge the two entries`);
      }
      seen.add(key);
      flows.push(flow);
    });
  });
  return flows;
}

function buildFlow(
  src: FlowSourceProps,
  path: string,
  target: ServiceModel,
  services: Map<string, ServiceModel>,
  zones: Map<string, ZoneModel>,
  allowedZonePairs: Set<string>,
  allServices: readonly ServiceModel[],
  roles: ReadonlyMap<string, RoleModel>,
  issues: IssueCollector,
): FlowModel | undefined {
  const kinds = [src.service !== undefined, src.zone !== undefined, src.roles !== undefined, src.internet === true].filter(Boolean).length;
  if (kinds !== 1) {
    issues.add('ZT-BP-040', path, 'set exactly one of `service`, `zone`, `roles` or `internet: true`');
    return undefined;
  }
  if (src.cidrs && !src.internet) {
    issues.add('ZT-BP-041', `${path}.cidrs`, '`cidrs` only applies to `internet: true` callers');
  }
  if (target.ports.length === 0) {
    issues.add('ZT-BP-042', path, `service "${target.name}" declares no ports, so nothing can call it: add \`ports\` or remove \`allowFrom\``);
    return undefined;
  }
  const ports = resolvePorts(src, path, target, issues);
  const base = { target, ports, zoneRuleException: src.zoneRuleException, path };
  if (src.internet) {
    if (target.zone.role !== ZoneRole.DMZ) {
      issues.add('ZT-BP-043', path, `only services in a ${ZoneRole.DMZ} zone may be reached from the internet; "${target.name}" is in zone "${target.zone.name}" (${target.zone.role})`);
    }
    const cidrs = src.cidrs ?? DEFAULT_INTERNET_CIDRS;
    if (cidrs.length === 0) {
      issues.add('ZT-BP-044', `${path}.cidrs`, 'list at least one source CIDR, or omit `cidrs` for the whole internet');
    }
    cidrs.forEach((c, k) => issues.check('ZT-BP-045', `${path}.cidrs[${k}]`, checkCidr(c)));
    return { ...base, kind: FlowSourceKind.INTERNET, cidrs: [...cidrs], callers: [] };
  }
  if (src.roles !== undefined) {
    const checkZone = (caller: ServiceModel, p: string) => checkZoneRule(caller.zone, target, src, p, zones, allowedZonePairs, issues);
    return buildRoleFlow(src, path, base, roles, allServices, checkZone, issues);
  }
  if (src.service !== undefined) {
    const caller = services.get(src.service);
    if (!caller) {
      issues.add('ZT-BP-046', `${path}.service`, unknownService(src.service, services));
      return undefined;
    }
    checkZoneRule(caller.zone, target, src, `${path}.service`, zones, allowedZonePairs, issues);
    return { ...base, kind: FlowSourceKind.SERVICE, sourceService: caller, cidrs: [], callers: [caller] };
  }
  const zone = zones.get(src.zone!);
  if (!zone) {
    issues.add('ZT-BP-047', `${path}.zone`, unknownZone(src.zone!, zones));
    return undefined;
  }
  checkZoneRule(zone, target, src, `${path}.zone`, zones, allowedZonePairs, issues);
  const callers = allServices.filter((s) => s.zone.name === zone.name && s !== target);
  return { ...base, kind: FlowSourceKind.ZONE, sourceZone: zone, cidrs: [], callers };
}

function resolvePorts(src: FlowSourceProps, path: string, target: ServiceModel, issues: IssueCollector): PortModel[] {
  if (src.ports === undefined) {
    return [...target.ports];
  }
  if (src.ports.length === 0) {
    issues.add('ZT-BP-048', `${path}.ports`, 'an empty port list allows nothing: list port names, or omit `ports` for all of them');
  }
  const resolved: PortModel[] = [];
  src.ports.forEach((name, k) => {
    const port = target.ports.find((p) => p.name === name);
    if (!port) {
      issues.add('ZT-BP-049', `${path}.ports[${k}]`, `service "${target.name}" declares no port named "${name}" (declared: ${target.ports.map((p) => `"${p.name}"`).join(', ')})`);
    } else if (!resolved.includes(port)) {
      resolved.push(port);
    }
  });
  return resolved;
}

function checkZoneRule(
  from: ZoneModel,
  target: ServiceModel,
  src: FlowSourceProps,
  path: string,
  zones: Map<string, ZoneModel>,
  allowedZonePairs: Set<string>,
  issues: IssueCollector,
): void {
  const to = target.zone;
  // A service in an undeclared zone is reported once, at its `zone` field, not again for every flow.
  if (from.name === to.name || zones.get(from.name) !== from || zones.get(to.name) !== to) {
    return;
  }
  if (FORBIDDEN_ROLE_RULES.some((f) => f.from === from.role && f.to === to.role)) {
    issues.add('ZT-BP-050', path, `zone "${from.name}" (${from.role}) may never reach "${target.name}" in zone "${to.name}" (${to.role}): call an ${ZoneRole.APP} zone service that owns the data instead`);
    return;
  }
  if (!allowedZonePairs.has(zonePair(from.name, to.name)) && !src.zoneRuleException?.trim()) {
    issues.add('ZT-BP-051', path, `the zone rules do not let zone "${from.name}" call zone "${to.name}": add a zone rule, or set \`zoneRuleException\` to the reason for this one flow`);
  }
}
