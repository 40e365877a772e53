import { ConnectivityModel, ZoneMeshingModel } from './connectivity-model';
import { FlowCallerGroupModel, FlowCallerGroups } from './flow-caller-groups';
import { isGroupFlow } from './group-flow';
import { FlowModel, FlowPurpose, FlowSourceKind, PortModel, ServiceModel, WorkloadCallerModel, ZoneModel } from './model';
import { compareNames } from '../name-order';

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
  // Filled in one loop each, without a [key, value] pair per service and port.
  const inbound = new Map<ServiceModel, FlowModel[]>();
  const outbound = new Map<ServiceModel, FlowModel[]>();
  const byPort = new Map<PortModel, FlowModel[]>();
  for (const s of services) {
    inbound.set(s, []);
    outbound.set(s, []);
  }
  for (const s of services) {
    for (const p of s.ports) {
      byPort.set(p, []);
    }
  }
  const outside = new Map<string, WorkloadCallerModel>();
  const add = (flow: FlowModel) => {
    if (flow.source.kind === FlowSourceKind.WORKLOAD) {
      const w = flow.source.workload;
      const key = `${w.namespace}/${w.serviceAccountName}`;
      if (!outside.has(key)) {
        outside.set(key, w);
      }
    }
    inbound.get(flow.target)!.push(flow);
    if (!isGroupFlow(flow)) {
      const callers = flow.callers;
      for (let i = 0; i < callers.length; i++) {
        outbound.get(callers[i])!.push(flow);
      }
    }
    const ports = flow.ports;
    for (let i = 0; i < ports.length; i++) {
      byPort.get(ports[i])!.push(flow);
    }
  };
  for (const flow of declared) {
    add(flow);
  }
  for (const flow of metricsFlows(services, scrapers)) {
    add(flow);
  }

  const meshing = new Map<ZoneModel, ZoneMeshingModel>(zones.map((zone) => {
    const members = servicesByZone.get(zone) ?? [];
    const meshedServices = members.filter((s) => s.meshed);
    return [zone, {
      zoneWide: zone.meshed && meshedServices.length === members.length,
      meshedServices,
      hasMeshedPods: zone.meshed || meshedServices.length > 0,
    }];
  }));
  const outsideWorkloads = [...outside.entries()].sort(([a], [b]) => compareNames(a, b)).map(([, w]) => w);
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
  const byName = [...groupCalls].sort(([a], [b]) => compareNames(a.name, b.name)).map(([group, flows]) => ({ group, flows }));
  return { inbound, outbound, byPort, scrapers, outsideWorkloads, meshing, callerGroupOf, groupCalls: byName };
}

/** The metrics scraper reads every declared `metrics` port of every other service: flows like the others. */
function metricsFlows(services: readonly ServiceModel[], scrapers: readonly ServiceModel[]): FlowModel[] {
  const flows: FlowModel[] = [];
  if (scrapers.length === 0) {
    return flows;
  }
  for (const target of services) {
    if (!target.ports.some((p) => p.metrics)) {
      continue;
    }
    const ports = target.ports.filter((p) => p.metrics);
    for (const scraper of scrapers) {
      if (scraper === target) {
        continue;
      }
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
