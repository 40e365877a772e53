import { ConnectivityModel, ZoneMeshingModel } from './connectivity-model';
import { FlowCallerGroupModel, FlowCallerGroups } from './flow-caller-groups';
import { isGroupFlow } from './group-flow';
import { FlowModel, FlowPurpose, FlowSourceKind, PortModel, ServiceModel, WorkloadCallerModel, ZoneModel } from './model';

/**
 * Indexes the declared flows and the metrics flows by target, by caller and by port, in one pass over
 * the flows, and derives each zone's mesh membership from its services.
 */
export function buildConnectivity(
  zones: readonly ZoneModel[],
  servicesByZone: ReadonlyMap<ZoneModel, readonly ServiceModel[]>,
  services: readonly ServiceModel[],
  declared: readonly FlowModel[],
  callerGroups: FlowCallerGroups,
): ConnectivityModel {
  const scrapers = services.filter((s) => s.metricsScraper);
  const inbound = new Map<ServiceModel, FlowModel[]>(services.map((s) => [s, []]));
  const outbound = new Map<ServiceModel, FlowModel[]>(services.map((s) => [s, []]));
  const byPort = new Map<PortModel, FlowModel[]>(services.flatMap((s) => s.ports.map((p) => [p, []] as [PortModel, FlowModel[]])));
  const outside = new Map<string, WorkloadCallerModel>();
  const add = (flow: FlowModel) => {
    if (flow.source.kind === FlowSourceKind.WORKLOAD) {
      const w = flow.source.workload;
      outside.set(`${w.namespace}/${w.serviceAccountName}`, outside.get(`${w.namespace}/${w.serviceAccountName}`) ?? w);
    }
    inbound.get(flow.target)!.push(flow);
    if (!isGroupFlow(flow)) {
      flow.callers.forEach((c) => outbound.get(c)!.push(flow));
    }
    flow.ports.forEach((p) => byPort.get(p)!.push(flow));
  };
  declared.forEach(add);
  metricsFlows(services, scrapers).forEach(add);

  const meshing = new Map<ZoneModel, ZoneMeshingModel>(zones.map((zone) => {
    const members = servicesByZone.get(zone) ?? [];
    const meshedServices = members.filter((s) => s.meshed);
    return [zone, {
      zoneWide: zone.meshed && meshedServices.length === members.length,
      meshedServices,
      hasMeshedPods: zone.meshed || meshedServices.length > 0,
    }];
  }));
  const outsideWorkloads = [...outside.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, w]) => w);
  const callerGroupOf = new Map<FlowModel, FlowCallerGroupModel>();
  const groupCalls = new Map<FlowCallerGroupModel, FlowModel[]>();
  for (const flow of declared) {
    const group = callerGroups.ofFlow(flow);
    if (!group) continue;
    callerGroupOf.set(flow, group);
    const list = groupCalls.get(group);
    if (list) list.push(flow);
    else groupCalls.set(group, [flow]);
  }
  const byName = [...groupCalls].sort(([a], [b]) => a.name.localeCompare(b.name)).map(([group, flows]) => ({ group, flows }));
  return { inbound, outbound, byPort, scrapers, outsideWorkloads, meshing, callerGroupOf, groupCalls: byName };
}

/** The metrics scraper reads every declared `metrics` port of every other service: flows like the others. */
function metricsFlows(services: readonly ServiceModel[], scrapers: readonly ServiceModel[]): FlowModel[] {
  const flows: FlowModel[] = [];
  for (const target of services) {
    const ports = target.ports.filter((p) => p.metrics);
    if (ports.length === 0) {
      continue;
    }
    for (const scraper of scrapers.filter((s) => s !== target)) {
      flows.push({
        source: { kind: FlowSourceKind.SERVICE, service: scraper },
        purpose: FlowPurpose.METRICS,
        target,
        ports,
        callers: [scraper],
        path: `${scraper.path}.metricsScraper`,
      });
    }
  }
  return flows;
}
