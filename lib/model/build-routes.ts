import { HttpMethod, HttpRouteProps, PathMatchType } from '../blueprint/mesh';
import { Protocol } from '../blueprint/protocol';
import { ServiceProps } from '../blueprint/service';
import { HTTP_PROTOCOLS, checkRequestPath, isHttpPort } from './build-probes';
import { unknownRole } from './build-roles';
import { CallerGroups } from './caller-groups';
import { IssueCollector } from './errors';
import { CallerSet } from './mesh-callers';
import { routesCoverFlows } from './route-coverage';
import { MeshBuildContext } from './mesh-build-context';
import { CallerGroupModel, HttpRouteModel } from './mesh-model';
import { routeObjectName } from './mesh-names';
import { PortModel, ServiceModel } from './model';
import { checkDnsLabel } from './names';

/** Linkerd's HTTPRoute allows at most 8 matches per rule; each method is one match. */
const MAX_METHODS = 8;

/** A route with the port it attaches to and its callers (each with the entry that admitted it). */
export interface BuiltRoute {
  readonly port: PortModel;
  readonly route: HttpRouteModel;
  /** The route's callers with the JSON path that admitted each; its role holders as their groups. */
  readonly callers: CallerSet;
  /** The same callers with every role holder listed on its own (for the problems of a mismatch). */
  listedCallers(): CallerSet;
}

/** The routes of one meshed service (`services[i].routes`), checked against its ports. */
export function buildRoutes(ctx: MeshBuildContext, svc: ServiceProps, service: ServiceModel, groups: CallerGroups): BuiltRoute[] {
  const { issues } = ctx;
  const built: BuiltRoute[] = [];
  const names = new Set<string>();
  (svc.routes ?? []).forEach((r, j) => {
    const path = `${service.path}.routes[${j}]`;
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
    const { callers, roles } = routeCallers(ctx, r, path, service, port);
    if (!port) {
      return;
    }
    const routeGroups = roleGroups(ctx, groups, roles, service, port);
    built.push({
      port,
      callers,
      listedCallers: () => routeCallers(ctx, r, path, service, port, true).callers,
      route: {
        routeName: r.name,
        name: routeObjectName(service.name, port.name, r.name),
        pathMatch,
        path: value,
        methods,
        callers: callers.freeze(routeGroups, groups.coverage(routeGroups)),
        jsonPath: path,
      },
    });
  });
  return built;
}

function routePort(r: HttpRouteProps, path: string, service: ServiceModel, issues: IssueCollector): PortModel | undefined {
  // Metrics ports are for the scraper; a route belongs to the service's own API port.
  const http = service.ports.filter((p) => isHttpPort(p) && !p.metrics);
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
  if (port.protocol !== Protocol.TCP) {
    issues.add('ZT-MESH-030', `${path}.port`, `port "${port.name}" is ${port.protocol}, and Linkerd proxies TCP only: its flows are NetworkPolicy-only, so it cannot have routes`);
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

/**
 * The holders of the route's roles as one shared caller group (the same a `roles` flow with those roles
 * admits), but the edge service when its proxy makes its calls to this port; none without a meshed holder.
 */
function roleGroups(ctx: MeshBuildContext, groups: CallerGroups, roles: readonly string[], service: ServiceModel, port: PortModel): CallerGroupModel[] {
  if (roles.length === 0) {
    return [];
  }
  const group = groups.of(service.namespace, ctx.callerGroups.roles(roles, proxiedHolder(ctx, roles, service, port)));
  return group ? [group] : [];
}

/** The edge service, when it holds one of `roles` and its proxy makes its calls to this port (a caller group then leaves it out). */
function proxiedHolder(ctx: MeshBuildContext, roles: readonly string[], service: ServiceModel, port: PortModel | undefined): ServiceModel[] {
  const edge = ctx.edgeCalls;
  return edge && port && edge.carries(edge.edgeService, service, port) && ctx.roleHolders.of(roles).includes(edge.edgeService) ? [edge.edgeService] : [];
}

/**
 * The callers of route `r`. The meshed holders of its `allowRoles` are admitted as their role's group
 * (`CallerSet.addGroup`); `listed` admits every holder on its own instead, without reporting again, for
 * `checkRoutesMatchFlows` when the groups cannot decide.
 */
function routeCallers(ctx: MeshBuildContext, r: HttpRouteProps, path: string, service: ServiceModel, port: PortModel | undefined, listed = false): { callers: CallerSet; roles: string[] } {
  const { issues, roles, admit, edgeCalls } = ctx;
  const callers = new CallerSet();
  const grouped: string[] = [];
  // On the port the edge forwards to, the edge service's calls are its proxy's: the route admits that identity.
  const target = `route "${r.name}" of "${service.name}"`;
  const report = !listed;
  const admitCaller = (caller: ServiceModel, entryPath: string) => (port && edgeCalls?.carries(caller, service, port)
    ? callers.addIdentity(edgeCalls.proxy, entryPath)
    : admit.caller(caller, target, entryPath, callers));
  (r.allowServices ?? []).forEach((name, k) => {
    const caller = ctx.serviceByName.get(name);
    if (!caller) {
      if (report && !ctx.skipped.services.has(name)) {
        issues.add('ZT-MESH-020', `${path}.allowServices[${k}]`, `unknown service "${name}": declare it in \`services\``);
      }
      return;
    }
    admitCaller(caller, `${path}.allowServices[${k}]`);
  });
  (r.allowRoles ?? []).forEach((role, k) => {
    if (!roles.has(role)) {
      if (report) issues.add('ZT-MESH-021', `${path}.allowRoles[${k}]`, unknownRole(role, roles));
      return;
    }
    if (roles.get(role)!.broken) {
      return; // reported once, at the cycle
    }
    const holders = ctx.roleHolders.of([role]);
    if (report && !holders.some((s) => s !== service)) {
      issues.add('ZT-MESH-022', `${path}.allowRoles[${k}]`, `no service holds "${role}" (directly or by inheritance): add the role to a service's \`roles\`, or remove it`);
    }
    const entryPath = `${path}.allowRoles[${k}]`;
    if (listed) {
      holders.forEach((h) => { if (h !== service) admitCaller(h, entryPath); });
    } else {
      // The meshed holders as the role's group (but an edge service whose calls its proxy makes); the rest one by one.
      const proxied = proxiedHolder(ctx, [role], service, port);
      const group = ctx.callerGroups.roles([role], proxied);
      [...proxied, ...group.unmeshed].forEach((h) => { if (h !== service) admitCaller(h, entryPath); });
      callers.addGroup(group, service, entryPath);
    }
    grouped.push(role);
  });
  if (report && (r.allowServices ?? []).length === 0 && (r.allowRoles ?? []).length === 0) {
    issues.add('ZT-MESH-023', path, 'the route admits nobody: set `allowServices` or `allowRoles`');
  }
  return { callers, roles: grouped };
}

/**
 * A port with routes serves only matching requests, from the callers of the matching route. Both layers
 * agree only if every caller the flows allow on the port is admitted by some route, and every route
 * caller is allowed on the port by the flows (else its NetworkPolicy drops the packets).
 *
 * `flows` may hold caller groups (`CallerSet.addGroup`), compared as groups; where they cannot decide,
 * the callers are listed one by one (`listFlows`, `BuiltRoute.listedCallers`) and each is judged.
 */
export function checkRoutesMatchFlows(service: ServiceModel, port: PortModel, flows: CallerSet, routes: readonly BuiltRoute[], issues: IssueCollector, listFlows: () => CallerSet): void {
  if (routesCoverFlows(flows, routes.map((r) => r.callers)) && networksMatch(flows, routes)) {
    return; // the common case: no caller to report
  }
  const listed = routes.map((r) => (r.callers.groupEntries.length > 0 ? { ...r, callers: r.listedCallers() } : r));
  reportMismatches(service, port, flows.groupEntries.length > 0 ? listFlows() : flows, listed, issues);
}

function networksMatch(flows: CallerSet, routes: readonly BuiltRoute[]): boolean {
  for (const { caller: { name } } of flows.networkEntries) {
    if (!routes.some((r) => r.callers.hasNetwork(name))) return false;
  }
  return routes.every((r) => [...r.callers.networkEntries].every(({ caller: { name } }) => flows.hasNetwork(name)));
}

/** The problems of `checkRoutesMatchFlows`, from callers listed one by one. */
function reportMismatches(service: ServiceModel, port: PortModel, flows: CallerSet, routes: readonly BuiltRoute[], issues: IssueCollector): void {
  for (const { identity: caller, path, key } of flows.identityEntries) {
    if (!routes.some((r) => r.callers.hasIdentityKey(key))) {
      issues.add('ZT-MESH-024', path, `"${caller.name}" may call port "${port.name}" of "${service.name}", but no route of that port admits it and Linkerd refuses requests outside the routes: add it to a route's \`allowServices\` or \`allowRoles\`, or leave the port out of this entry`);
    }
  }
  for (const { caller: { name }, path } of flows.networkEntries) {
    if (!routes.some((r) => r.callers.hasNetwork(name))) {
      issues.add('ZT-MESH-025', path, `${name === 'internet' ? 'the internet' : `"${name}"`} may call port "${port.name}" of "${service.name}", but no route of that port admits it and Linkerd refuses requests outside the routes: ${name === 'internet' ? 'put the routes on a port the internet does not call' : 'add it to a route\'s `allowServices`'}`);
    }
  }
  for (const route of routes) {
    for (const { identity: caller, path, key } of route.callers.identityEntries) {
      if (!flows.hasIdentityKey(key)) {
        issues.add('ZT-MESH-026', path, `"${caller.name}" is not allowed to call port "${port.name}" of "${service.name}" (allowFrom), so its NetworkPolicy drops what route "${route.route.routeName}" would admit: allow it in \`allowFrom\` (a \`service\` or \`roles\` entry)`);
      }
    }
    for (const { caller: { name }, path } of route.callers.networkEntries) {
      if (!flows.hasNetwork(name)) {
        issues.add('ZT-MESH-027', path, `"${name}" is not allowed to call port "${port.name}" of "${service.name}" (allowFrom), so its NetworkPolicy drops what route "${route.route.routeName}" would admit: allow it in \`allowFrom\``);
      }
    }
  }
}
