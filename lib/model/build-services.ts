import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { ExternalEgressProps } from '../blueprint/flow';
import { AppProtocol, Protocol } from '../blueprint/protocol';
import { ServiceProps } from '../blueprint/service';
import { ZoneRole } from '../blueprint/zone';
import { unknownZone } from './build-context';
import { buildProbes } from './build-probes';
import { buildServiceTls } from './build-pki';
import { unknownRole } from './build-roles';
import { defaultSelector } from './defaults';
import { IssueCollector } from './errors';
import { ExternalEgressModel, LINKERD_PORTS, PortModel, RoleModel, ServiceModel, ZoneModel } from './model';
import { checkCidr, checkDnsLabel, checkDnsSubdomain, checkLabels, checkPortName, checkPortNumber } from './names';

/** Ports the Linkerd proxy itself listens on inside every meshed pod. */
const PROXY_PORTS = new Set<number>([LINKERD_PORTS.proxyInbound, LINKERD_PORTS.proxyOutbound, 4190, LINKERD_PORTS.proxyAdmin]);

/**
 * The service built from each entry of `services`, by index: undefined for an entry left out because it
 * is malformed (`skipped`) or sits in a zone left out for that reason.
 */
export function buildServices(
  props: ZeroTrustBlueprintProps,
  zones: ReadonlyMap<string, ZoneModel>,
  roles: ReadonlyMap<string, RoleModel>,
  skipped: { readonly indexes: ReadonlySet<number>; readonly zones: ReadonlySet<string> },
  issues: IssueCollector,
): (ServiceModel | undefined)[] {
  const names = new Set<string>();
  const accounts = new Map<string, string>();
  return props.services.map((svc, i): ServiceModel | undefined => {
    if (skipped.indexes.has(i) || (!zones.has(svc.zone) && skipped.zones.has(svc.zone))) {
      return undefined;
    }
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
    const egress = svc.egressTo === undefined ? [] : svc.egressTo.map((e, j) => buildEgress(e, `${path}.egressTo[${j}]`, issues));
    if (egress.length > 1) {
      uniqueNames(egress, `${path}.egressTo`, 'external destination', issues);
    }
    if (zone?.role === ZoneRole.DATA && egress.length > 0) {
      issues.add('ZT-BP-026', `${path}.egressTo`, `service "${svc.name}" is in ${ZoneRole.DATA} zone "${zone.name}", which has no egress out of the cluster: move the call to an ${ZoneRole.APP} zone service`);
    }
    const declaredRoles = svc.roles ?? [];
    for (let j = 0; j < declaredRoles.length; j++) {
      if (!roles.has(declaredRoles[j])) {
        issues.add('ZT-BP-027', `${path}.roles[${j}]`, unknownRole(declaredRoles[j], roles));
      }
    }
    const effectiveRoles = declaredRoles.length === 0 ? [] : [...new Set(declaredRoles.flatMap((r) => roles.get(r)?.effective ?? []))].sort();
    return {
      name: svc.name,
      path,
      zone: zone ?? { name: svc.zone, role: ZoneRole.APP, namespace, meshed, labels: {} },
      namespace,
      selector: svc.selector === undefined ? selector : { ...selector }, // the default one is already a fresh object
      serviceAccountName,
      createServiceAccount: svc.serviceAccount?.create ?? true,
      ports,
      meshed,
      metricsScraper,
      expose: svc.expose ?? true,
      egress,
      roles: svc.roles === undefined ? declaredRoles : [...declaredRoles],
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
    if (p.targetPort !== undefined) { // a default target port would only repeat the problem of `port`
      issues.check('ZT-BP-030', `${portPath}.targetPort`, checkPortNumber(targetPort));
    }
    if (meshed && (p.protocol ?? Protocol.TCP) === Protocol.TCP && PROXY_PORTS.has(targetPort)) {
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
  if (ports.length < 2) {
    return ports; // nothing to be declared twice
  }
  uniqueNames(ports, `${path}.ports`, 'port', issues);
  const seen = new Set<string>();
  const servicePorts = new Set<string>();
  ports.forEach((p, j) => {
    const key = `${p.protocol}/${p.targetPort}`;
    if (seen.has(key)) {
      issues.add('ZT-BP-032', `${path}.ports[${j}].targetPort`, `${p.protocol} port ${p.targetPort} is declared twice`);
    }
    seen.add(key);
    // The API server keys a Service's ports by (port, protocol) and refuses a second entry.
    if (servicePorts.has(`${p.protocol}/${p.port}`)) {
      issues.add('ZT-BP-052', `${path}.ports[${j}].port`, `${p.protocol} port ${p.port} is already a port of service "${svc.name}": give each port its own number`);
    }
    servicePorts.add(`${p.protocol}/${p.port}`);
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
