import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { HttpMethod, HttpRouteApi, HttpRouteProps, MeshPolicyMode, PathMatchType } from '../blueprint/mesh';
import { AppProtocol } from '../blueprint/protocol';
import { ServiceProps } from '../blueprint/service';
import { unknownRole } from './build-roles';
import { IssueCollector } from './errors';
import {
  AdmittedCallers, HttpRouteModel, MeshModel, MeshPortModel, MeshServiceModel, MeshZoneModel, NetworkCallerModel, ProbesModel,
} from './mesh-model';
import { ZONE_MESH_OBJECTS, networkObjectName, portObjectName, probeRouteName, routeObjectName } from './mesh-names';
import { FlowModel, FlowSourceKind, PortModel, RoleModel, ServiceModel, ZoneModel } from './model';
import { checkCidr, checkDnsLabel } from './names';
import { roleHolders } from './role-holders';

/** What Linkerd itself admits probes from when it authorizes them by default. */
export const DEFAULT_KUBELET_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0'];

/** Linkerd `proxyProtocol` per app protocol: `unknown` keeps protocol detection for plain TCP. */
export const PROXY_PROTOCOL: Record<AppProtocol, string> = {
  [AppProtocol.HTTP]: 'HTTP/1',
  [AppProtocol.HTTP2]: 'HTTP/2',
  [AppProtocol.GRPC]: 'gRPC',
  [AppProtocol.TCP]: 'unknown',
  [AppProtocol.OPAQUE]: 'opaque',
};

/** App protocols whose Servers take HTTPRoutes (gRPC Servers take GRPCRoutes instead). */
const HTTP_PROTOCOLS: ReadonlySet<AppProtocol> = new Set([AppProtocol.HTTP, AppProtocol.HTTP2]);

/** Linkerd's HTTPRoute allows at most 8 matches per rule; each method is one match. */
const MAX_METHODS = 8;

/** The probes of one service (`services[i].probes`), checked against its ports. */
export function buildProbes(svc: ServiceProps, path: string, ports: readonly PortModel[], issues: IssueCollector): ProbesModel | undefined {
  const probes = svc.probes;
  if (!probes) {
    return undefined;
  }
  const probesPath = `${path}.probes`;
  let port: PortModel | undefined;
  if (probes.port !== undefined) {
    port = ports.find((p) => p.name === probes.port);
    if (!port) {
      issues.add('ZT-MESH-001', `${probesPath}.port`, `service "${svc.name}" declares no port named "${probes.port}" (declared: ${ports.map((p) => `"${p.name}"`).join(', ') || 'none'})`);
    }
  } else {
    port = ports.find((p) => HTTP_PROTOCOLS.has(p.appProtocol));
    if (!port) {
      issues.add('ZT-MESH-002', `${probesPath}.port`, `service "${svc.name}" has no http or http2 port: name the port the probes call`);
    }
  }
  const kinds = (['liveness', 'readiness', 'startup'] as const).filter((k) => probes[k] !== undefined);
  if (kinds.length === 0) {
    issues.add('ZT-MESH-003', probesPath, 'declare at least one of `liveness`, `readiness` or `startup`, or remove `probes`');
  }
  for (const kind of kinds) {
    const problem = checkRequestPath(probes[kind]!, 'the kubelet\'s probe');
    if (problem) {
      issues.add('ZT-MESH-004', `${probesPath}.${kind}`, problem);
    }
  }
  if (!port) {
    return undefined;
  }
  const paths = [...new Set(kinds.map((k) => probes[k]!))].sort();
  return { port, liveness: probes.liveness, readiness: probes.readiness, startup: probes.startup, paths };
}

/** An HTTP path Linkerd can match exactly or by prefix: absolute, without query string or fragment. */
function checkRequestPath(value: string, what: string): string | undefined {
  if (!value.startsWith('/')) {
    return `"${value}" is not an absolute path: start it with "/"`;
  }
  if (value.includes('?')) {
    return `"${value}" has a query string: Linkerd matches the path only, so ${what} would match no route and be refused; drop "${value.slice(value.indexOf('?'))}"`;
  }
  if (value.includes('#') || /\s/.test(value)) {
    return `"${value}" is not a request path: remove the fragment or whitespace`;
  }
  return undefined;
}

/**
 * Who each meshed port and route admits, and the roll-out mode of each zone. Checks that the mesh and
 * the NetworkPolicies agree: every caller the flows allow can pass the mesh, and the mesh admits no
 * caller the flows do not allow.
 */
export function buildMesh(
  props: ZeroTrustBlueprintProps,
  zones: readonly ZoneModel[],
  services: readonly ServiceModel[],
  flows: readonly FlowModel[],
  roles: ReadonlyMap<string, RoleModel>,
  issues: IssueCollector,
): MeshModel {
  const mesh = props.mesh ?? {};
  const defaultMode = mesh.mode ?? MeshPolicyMode.DENY;
  const zoneModes = new Map((props.zones ?? []).map((z) => [z.name, z.meshMode ?? defaultMode]));
  const modeOf = (zone: ZoneModel) => zoneModes.get(zone.name) ?? defaultMode;
  const kubeletCidrs = mesh.kubeletCidrs ?? DEFAULT_KUBELET_CIDRS;
  if (kubeletCidrs.length === 0) {
    issues.add('ZT-MESH-005', 'mesh.kubeletCidrs', 'list at least one CIDR: without one the kubelet cannot probe ports that have routes');
  }
  kubeletCidrs.forEach((c, i) => issues.check('ZT-MESH-006', `mesh.kubeletCidrs[${i}]`, checkCidr(c)));

  const admit = new Admission(props, services, issues);
  const scrapers = services.filter((s) => s.metricsScraper);
  const scraperPath = (s: ServiceModel) => `services[${services.indexOf(s)}].metricsScraper`;

  const meshServices: MeshServiceModel[] = [];
  services.forEach((service, i) => {
    if (!service.meshed) {
      (props.services[i].routes ?? []).forEach((_, j) => issues.add('ZT-MESH-007', `services[${i}].routes[${j}]`, `routes are enforced by the Linkerd proxy, and service "${service.name}" is not meshed: mesh it or remove the route`));
      return;
    }
    const routes = buildRoutes(props.services[i], i, service, services, roles, admit, issues);
    const ports = service.ports.map((port): MeshPortModel => {
      const callers = new CallerSet();
      for (const flow of flows.filter((f) => f.target === service && f.ports.includes(port))) {
        if (flow.kind === FlowSourceKind.INTERNET) {
          callers.addNetwork({ name: 'internet', cidrs: [...flow.cidrs] }, flow.path);
        } else {
          flow.callers.forEach((c) => admit.caller(c, `"${service.name}"`, flow.path, callers));
        }
      }
      if (port.metrics) {
        scrapers.filter((s) => s !== service).forEach((s) => admit.caller(s, `"${service.name}"`, scraperPath(s), callers));
      }
      const portRoutes = routes.filter((r) => r.port === port).map((r) => r.route);
      if (portRoutes.length > 0) {
        checkRoutesMatchFlows(service, port, callers, routes.filter((r) => r.port === port), issues);
      }
      return {
        port,
        name: portObjectName(service.name, port.name),
        proxyProtocol: PROXY_PROTOCOL[port.appProtocol],
        callers: callers.freeze(),
        routes: portRoutes,
        probePaths: portRoutes.length > 0 && service.probes?.port === port ? service.probes.paths : [],
      };
    });
    meshServices.push({ service, mode: modeOf(service.zone), ports });
  });

  const meshZones = zones
    .filter((z) => z.meshed || services.some((s) => s.zone === z && s.meshed))
    .map((zone): MeshZoneModel => {
      const set = new CallerSet();
      scrapers.forEach((s) => admit.caller(s, 'the Linkerd proxies it scrapes', scraperPath(s), set));
      return { zone, mode: modeOf(zone), scrapers: set.freeze() };
    });

  checkObjectNames(meshZones, meshServices, services, issues);
  return {
    accessLogs: mesh.accessLogs ?? true,
    kubeletCidrs: [...kubeletCidrs],
    httpRouteApi: mesh.httpRouteApi ?? HttpRouteApi.LINKERD,
    zones: meshZones,
    services: meshServices,
  };
}


/** Callers of one port or route, each with the JSON path of the entry that admitted it first. */
class CallerSet {
  public readonly identities = new Map<ServiceModel, string>();
  public readonly networks = new Map<string, { caller: NetworkCallerModel; path: string }>();

  public addIdentity(service: ServiceModel, path: string): void {
    if (!this.identities.has(service)) {
      this.identities.set(service, path);
    }
  }

  public addNetwork(caller: NetworkCallerModel, path: string): void {
    if (!this.networks.has(caller.name)) {
      this.networks.set(caller.name, { caller, path });
    }
  }

  public freeze(): AdmittedCallers {
    return {
      identities: [...this.identities.keys()].sort((a, b) => `${a.namespace}/${a.serviceAccountName}`.localeCompare(`${b.namespace}/${b.serviceAccountName}`)),
      networks: [...this.networks.values()].map((n) => n.caller).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}

/** Turns calling services into mesh identities or, for unmeshed callers with `callerCidrs`, networks. */
class Admission {
  private readonly callerCidrs = new Map<ServiceModel, string[]>();
  private readonly reported = new Set<string>();

  constructor(props: ZeroTrustBlueprintProps, services: readonly ServiceModel[], private readonly issues: IssueCollector) {
    props.services.forEach((svc, i) => {
      if (svc.callerCidrs === undefined) {
        return;
      }
      const path = `services[${i}].callerCidrs`;
      if (services[i].meshed) {
        issues.add('ZT-MESH-008', path, `service "${svc.name}" is meshed, so the services it calls see its mTLS identity: \`callerCidrs\` is only for services that are not meshed`);
      }
      if (svc.callerCidrs.length === 0) {
        issues.add('ZT-MESH-009', path, 'list at least one CIDR the service\'s pods call from');
      }
      svc.callerCidrs.forEach((c, k) => issues.check('ZT-MESH-010', `${path}[${k}]`, checkCidr(c)));
      this.callerCidrs.set(services[i], [...svc.callerCidrs]);
    });
  }

  /** Adds `caller` to `into`, or reports an unmeshed caller the mesh could not recognise. */
  public caller(caller: ServiceModel, target: string, path: string, into: CallerSet): void {
    if (caller.meshed) {
      into.addIdentity(caller, path);
      return;
    }
    const cidrs = this.callerCidrs.get(caller);
    if (cidrs) {
      into.addNetwork({ name: caller.name, cidrs, service: caller }, path);
      return;
    }
    const message = `service "${caller.name}" is not meshed, so ${target} cannot authorize it by identity: mesh "${caller.name}", or set its \`callerCidrs\` to admit it by address (a NetworkAuthentication)`;
    if (!this.reported.has(`${path}\u0000${message}`)) {
      this.reported.add(`${path}\u0000${message}`);
      this.issues.add('ZT-MESH-011', path, message);
    }
  }
}

interface BuiltRoute {
  readonly port: PortModel;
  readonly route: HttpRouteModel;
  /** The route's callers with the JSON path that admitted each. */
  readonly callers: CallerSet;
}

function buildRoutes(
  svc: ServiceProps,
  i: number,
  service: ServiceModel,
  services: readonly ServiceModel[],
  roles: ReadonlyMap<string, RoleModel>,
  admit: Admission,
  issues: IssueCollector,
): BuiltRoute[] {
  const built: BuiltRoute[] = [];
  const names = new Set<string>();
  (svc.routes ?? []).forEach((r, j) => {
    const path = `services[${i}].routes[${j}]`;
    issues.check('ZT-MESH-012', `${path}.name`, checkDnsLabel(r.name));
    if (names.has(r.name)) {
      issues.add('ZT-MESH-013', `${path}.name`, `route "${r.name}" is declared twice in service "${service.name}"`);
    }
    names.add(r.name);
    const port = routePort(r, path, service, issues);
    const pathMatch = r.pathMatch ?? PathMatchType.PATH_PREFIX;
    const value = r.path ?? '/';
    if (pathMatch === PathMatchType.REGULAR_EXPRESSION) {
      issues.check('ZT-MESH-014', `${path}.path`, checkRegex(value));
    } else {
      issues.check('ZT-MESH-015', `${path}.path`, checkRequestPath(value, 'a request'));
    }
    const methods = [...new Set(r.methods ?? [])].sort() as HttpMethod[];
    if (methods.length > MAX_METHODS) {
      issues.add('ZT-MESH-016', `${path}.methods`, `list at most ${MAX_METHODS} methods (each is one HTTPRoute match, and Linkerd allows ${MAX_METHODS}), or omit \`methods\` for all of them`);
    }
    const callers = routeCallers(r, path, service, services, roles, admit, issues);
    if (!port) {
      return;
    }
    built.push({
      port,
      callers,
      route: {
        routeName: r.name,
        name: routeObjectName(service.name, port.name, r.name),
        pathMatch,
        path: value,
        methods,
        callers: callers.freeze(),
        jsonPath: path,
      },
    });
  });
  return built;
}

function routePort(r: HttpRouteProps, path: string, service: ServiceModel, issues: IssueCollector): PortModel | undefined {
  // Metrics ports are for the scraper; a route belongs to the service's own API port.
  const http = service.ports.filter((p) => HTTP_PROTOCOLS.has(p.appProtocol) && !p.metrics);
  if (r.port === undefined) {
    if (http.length !== 1) {
      issues.add('ZT-MESH-017', `${path}.port`, http.length === 0
        ? `service "${service.name}" has no http or http2 port (besides metrics ports): name the route's port`
        : `service "${service.name}" has several HTTP ports (${http.map((p) => `"${p.name}"`).join(', ')}): name the route's port`);
      return undefined;
    }
    return http[0];
  }
  const port = service.ports.find((p) => p.name === r.port);
  if (!port) {
    issues.add('ZT-MESH-018', `${path}.port`, `service "${service.name}" declares no port named "${r.port}" (declared: ${service.ports.map((p) => `"${p.name}"`).join(', ') || 'none'})`);
    return undefined;
  }
  if (!HTTP_PROTOCOLS.has(port.appProtocol)) {
    issues.add('ZT-MESH-019', `${path}.port`, `port "${port.name}" speaks ${port.appProtocol}, not HTTP: HTTP routes apply only to http and http2 ports`);
    return undefined;
  }
  return port;
}

function checkRegex(value: string): string | undefined {
  try {
    new RegExp(value);
    return value.length === 0 ? 'an empty regular expression matches every path: use `pathMatch: PathPrefix` with `/`' : undefined;
  } catch (e) {
    return `"${value}" is not a regular expression: ${(e as Error).message}`;
  }
}

function routeCallers(
  r: HttpRouteProps,
  path: string,
  service: ServiceModel,
  services: readonly ServiceModel[],
  roles: ReadonlyMap<string, RoleModel>,
  admit: Admission,
  issues: IssueCollector,
): CallerSet {
  const callers = new CallerSet();
  const byName = new Map(services.map((s) => [s.name, s]));
  (r.allowServices ?? []).forEach((name, k) => {
    const caller = byName.get(name);
    if (!caller) {
      issues.add('ZT-MESH-020', `${path}.allowServices[${k}]`, `unknown service "${name}": declare it in \`services\``);
      return;
    }
    admit.caller(caller, `route "${r.name}" of "${service.name}"`, `${path}.allowServices[${k}]`, callers);
  });
  (r.allowRoles ?? []).forEach((role, k) => {
    if (!roles.has(role)) {
      issues.add('ZT-MESH-021', `${path}.allowRoles[${k}]`, unknownRole(role, roles));
      return;
    }
    const holders = roleHolders([role], services).filter((s) => s !== service);
    if (holders.length === 0) {
      issues.add('ZT-MESH-022', `${path}.allowRoles[${k}]`, `no service holds "${role}" (directly or by inheritance): add the role to a service's \`roles\`, or remove it`);
    }
    holders.forEach((h) => admit.caller(h, `route "${r.name}" of "${service.name}"`, `${path}.allowRoles[${k}]`, callers));
  });
  if ((r.allowServices ?? []).length === 0 && (r.allowRoles ?? []).length === 0) {
    issues.add('ZT-MESH-023', path, 'the route admits nobody: set `allowServices` or `allowRoles`');
  }
  return callers;
}

/**
 * A port with routes serves only matching requests, from the callers of the matching route. Both layers
 * agree only if every caller the flows allow on the port is admitted by some route, and every route
 * caller is allowed on the port by the flows (else its NetworkPolicy drops the packets).
 */
function checkRoutesMatchFlows(service: ServiceModel, port: PortModel, flows: CallerSet, routes: readonly BuiltRoute[], issues: IssueCollector): void {
  const inRoutes = (pred: (set: CallerSet) => boolean) => routes.some((r) => pred(r.callers));
  for (const [caller, path] of flows.identities) {
    if (!inRoutes((set) => set.identities.has(caller))) {
      issues.add('ZT-MESH-024', path, `"${caller.name}" may call port "${port.name}" of "${service.name}", but no route of that port admits it and Linkerd refuses requests outside the routes: add it to a route's \`allowServices\` or \`allowRoles\`, or leave the port out of this entry`);
    }
  }
  for (const [name, { path }] of flows.networks) {
    if (!inRoutes((set) => set.networks.has(name))) {
      issues.add('ZT-MESH-025', path, `${name === 'internet' ? 'the internet' : `"${name}"`} may call port "${port.name}" of "${service.name}", but no route of that port admits it and Linkerd refuses requests outside the routes: ${name === 'internet' ? 'put the routes on a port the internet does not call' : 'add it to a route\'s `allowServices`'}`);
    }
  }
  for (const route of routes) {
    for (const [caller, path] of route.callers.identities) {
      if (!flows.identities.has(caller)) {
        issues.add('ZT-MESH-026', path, `"${caller.name}" is not allowed to call port "${port.name}" of "${service.name}" (allowFrom), so its NetworkPolicy drops what route "${route.route.routeName}" would admit: allow it in \`allowFrom\` (a \`service\` or \`roles\` entry)`);
      }
    }
    for (const [name, { path }] of route.callers.networks) {
      if (!flows.networks.has(name)) {
        issues.add('ZT-MESH-027', path, `"${name}" is not allowed to call port "${port.name}" of "${service.name}" (allowFrom), so its NetworkPolicy drops what route "${route.route.routeName}" would admit: allow it in \`allowFrom\``);
      }
    }
  }
}

/** Object names must not clash within a namespace (a clash would silently merge two policies). */
function checkObjectNames(zones: readonly MeshZoneModel[], meshServices: readonly MeshServiceModel[], services: readonly ServiceModel[], issues: IssueCollector): void {
  const owners = new Map<string, string>();
  const claim = (namespace: string, name: string, owner: string, path: string) => {
    const key = `${namespace}/${name}`;
    const previous = owners.get(key);
    if (previous !== undefined && previous !== owner) {
      issues.add('ZT-MESH-028', path, `the Linkerd objects of ${owner} would be named "${name}" in namespace "${namespace}", like those of ${previous}: rename one of them`);
    } else {
      owners.set(key, owner);
    }
  };
  for (const { zone } of zones) {
    for (const name of Object.values(ZONE_MESH_OBJECTS)) {
      claim(zone.namespace, name, `zone "${zone.name}"`, `zones`);
    }
  }
  for (const { service, ports } of meshServices) {
    const path = `services[${services.indexOf(service)}]`;
    for (const p of ports) {
      const owner = `port "${p.port.name}" of "${service.name}"`;
      claim(service.namespace, p.name, owner, `${path}.ports`);
      p.callers.networks.forEach((n) => claim(service.namespace, networkObjectName(p.name, n.name), owner, `${path}.ports`));
      if (p.probePaths.length > 0) {
        claim(service.namespace, probeRouteName(service.name, p.port.name), owner, `${path}.ports`);
      }
      for (const r of p.routes) {
        const routeOwner = `route "${r.routeName}" of "${service.name}"`;
        claim(service.namespace, r.name, routeOwner, r.jsonPath);
        r.callers.networks.forEach((n) => claim(service.namespace, networkObjectName(r.name, n.name), routeOwner, r.jsonPath));
      }
    }
  }
}
