import { HttpRouteApi, MeshPolicyMode } from '../blueprint/mesh';
import { AppProtocol } from '../blueprint/protocol';
import { BuildContext } from './build-context';
import { EdgeProxyCalls } from './build-edge-proxy';
import { buildRoutes, checkRoutesMatchFlows } from './build-routes';
import { CallerGroups } from './caller-groups';
import { checkObjectNames } from './check-mesh-object-names';
import { ConnectivityModel } from './connectivity-model';
import { Admission, CallerSet } from './mesh-callers';
import { MeshBuildContext } from './mesh-build-context';
import { AdmittedCallers, CallerGroupModel, MeshModel, MeshPortModel, MeshServiceModel, MeshZoneModel } from './mesh-model';
import { isGroupFlow } from './group-flow';
import { meshCovers } from './mesh-membership';
import { portObjectName } from './mesh-names';
import { FlowModel, ServiceModel, ZoneModel } from './model';
import { checkCidr } from './names';
import { compareNames } from '../name-order';

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

/**
 * Who each meshed port and route admits, and the roll-out mode of each zone. The callers of a port are
 * read from the connectivity index (the same flows the NetworkPolicies open); this adds how Linkerd
 * recognises each one, and checks that the mesh and the NetworkPolicies agree.
 */
export function buildMesh(base: BuildContext, zones: readonly ZoneModel[], connectivity: ConnectivityModel, edgeCalls?: EdgeProxyCalls): MeshModel {
  const { props, issues } = base;
  const mesh = props.mesh ?? {};
  const defaultMode = mesh.mode ?? MeshPolicyMode.DENY;
  // Zone entries the schema check rejected (null, a string) are reported there and have no mode.
  const zoneModes = new Map((props.zones ?? []).filter((z) => z !== null && typeof z === 'object').map((z) => [z.name, z.meshMode ?? defaultMode]));
  const modeOf = (zone: ZoneModel) => zoneModes.get(zone.name) ?? defaultMode;
  const kubeletCidrs = mesh.kubeletCidrs ?? DEFAULT_KUBELET_CIDRS;
  if (kubeletCidrs.length === 0) {
    issues.add('ZT-MESH-005', 'mesh.kubeletCidrs', 'list at least one CIDR: without one the kubelet cannot probe ports that have routes');
  }
  kubeletCidrs.forEach((c, i) => issues.check('ZT-MESH-006', `mesh.kubeletCidrs[${i}]`, checkCidr(c)));

  const ctx: MeshBuildContext = { ...base, admit: new Admission(props, base.serviceAt, issues), edgeCalls };
  const meshServices: MeshServiceModel[] = [];
  const groups = new CallerGroups();
  const usedGroups = new Set<CallerGroupModel>();
  props.services.forEach((svc, i) => {
    const service = ctx.serviceAt[i];
    if (!service) {
      return;
    }
    if (!service.meshed) {
      (svc.routes ?? []).forEach((_, j) => issues.add('ZT-MESH-007', `${service.path}.routes[${j}]`, `routes are enforced by the Linkerd proxy, and service "${service.name}" is not meshed: mesh it or remove the route`));
      return;
    }
    const routes = svc.routes === undefined ? [] : buildRoutes(ctx, svc, service, groups);
    routes.forEach((r) => r.route.callers.groups.forEach((g) => usedGroups.add(g)));
    const target = `"${service.name}"`;
    // Linkerd proxies TCP only: a UDP or SCTP port gets no Server and no authorization.
    const ports = service.ports.filter((p) => meshCovers(service, p)).map((port): MeshPortModel => {
      const callers = new CallerSet();
      const portRoutes = routes.length === 0 ? routes : routes.filter((r) => r.port === port);
      const flows = connectivity.byPort.get(port) ?? [];
      let grouped = false;
      for (const flow of flows) {
        // A caller group's meshed members are admitted as the group (flowGroups below, or compared with
        // the routes' groups): only its unmeshed ones need a caller entry.
        const group = connectivity.callerGroupOf.get(flow);
        if (group) {
          ctx.admit.unmeshedCallers(flow, group, target, callers);
          if (portRoutes.length === 0) grouped = true;
          else callers.addGroup(group, service, flow.path);
        } else {
          ctx.admit.flow(flow, target, callers);
        }
      }
      if (portRoutes.length > 0) {
        checkRoutesMatchFlows(service, port, callers, portRoutes, issues, () => {
          const listed = new CallerSet();
          flows.forEach((flow) => ctx.admit.flow(flow, target, listed));
          return listed;
        });
      }
      const portGroups = grouped ? flowGroups(groups, connectivity, service, flows) : [];
      portGroups.forEach((g) => usedGroups.add(g));
      return {
        port,
        name: portObjectName(service.name, port.name),
        proxyProtocol: PROXY_PROTOCOL[port.appProtocol],
        // With routes nothing is authorized on the whole port: each route authorizes its own callers.
        callers: portRoutes.length > 0 ? NO_CALLERS : callers.freeze(portGroups, groups.coverage(portGroups)),
        routes: portRoutes.map((r) => r.route),
        probePaths: portRoutes.length > 0 && service.probes?.port === port ? service.probes.paths : [],
      };
    });
    meshServices.push({ service, mode: modeOf(service.zone), ports });
  });

  const probeZones = new Set(meshServices.filter((s) => s.ports.some((p) => p.probePaths.length > 0)).map((s) => s.service.zone));
  const meshZones = zones
    .filter((z) => connectivity.meshing.get(z)?.hasMeshedPods)
    .map((zone): MeshZoneModel => {
      const set = new CallerSet();
      connectivity.scrapers.forEach((s) => ctx.admit.caller(s, 'the Linkerd proxies it scrapes', `${s.path}.metricsScraper`, set));
      const callerGroups = [...usedGroups].filter((g) => g.namespace === zone.namespace).sort((a, b) => compareNames(a.name, b.name));
      return { zone, mode: modeOf(zone), scrapers: set.freeze(), probeRoutes: probeZones.has(zone), callerGroups };
    });

  checkObjectNames(meshZones, meshServices, issues);
  return {
    accessLogs: mesh.accessLogs ?? true,
    kubeletCidrs: [...kubeletCidrs],
    httpRouteApi: mesh.httpRouteApi ?? HttpRouteApi.LINKERD,
    zones: meshZones,
    services: meshServices,
  };
}

const NO_CALLERS: AdmittedCallers = { identities: [], groups: [], networks: [] };

/**
 * The caller groups of a port's zone and role flows that have a meshed caller, deduplicated (two entries
 * with the same set of callers are one group).
 */
function flowGroups(groups: CallerGroups, connectivity: ConnectivityModel, target: ServiceModel, flows: readonly FlowModel[]): CallerGroupModel[] {
  const found = new Set<CallerGroupModel>();
  for (const flow of flows) {
    const source = connectivity.callerGroupOf.get(flow);
    if (source && (isGroupFlow(flow) ? flow.someCaller((c) => c.meshed) : flow.callers.some((c) => c.meshed))) {
      const group = groups.of(target.namespace, source);
      if (group) found.add(group);
    }
  }
  return [...found];
}
