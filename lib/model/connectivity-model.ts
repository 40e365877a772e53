import { FlowCallerGroupModel } from './flow-caller-groups';
import { FlowModel, PortModel, ServiceModel, WorkloadCallerModel, ZoneModel } from './model';

/**
 * Every relationship the emitters need, derived once from the flows. The NetworkPolicy planner and the
 * mesh builder both read it; neither scans all flows or re-derives who is meshed or who scrapes what.
 */
export interface ConnectivityModel {
  /** Flows into each service: its declared flows in blueprint order, then its metrics flows. */
  readonly inbound: ReadonlyMap<ServiceModel, readonly FlowModel[]>;
  /**
   * Flows each blueprint service makes as a caller, in the same order, but zone and role flows: their
   * callers call as a group (`groupCalls`), so no service lists every target of its zone or roles.
   */
  readonly outbound: ReadonlyMap<ServiceModel, readonly FlowModel[]>;
  /** The flows admitted on each port (a port belongs to exactly one service). */
  readonly byPort: ReadonlyMap<PortModel, readonly FlowModel[]>;
  /** The metrics scrapers, in declaration order. */
  readonly scrapers: readonly ServiceModel[];
  /** Callers outside the blueprint (`workload` flows), one per namespace and ServiceAccount, sorted. */
  readonly outsideWorkloads: readonly WorkloadCallerModel[];
  /** Mesh membership of each zone's workloads. */
  readonly meshing: ReadonlyMap<ZoneModel, ZoneMeshingModel>;
  /** The caller group of each declared zone and role flow. */
  readonly callerGroupOf: ReadonlyMap<FlowModel, FlowCallerGroupModel>;
  /** Zone and role flows by caller group, sorted by the group's name: each group calls its targets as one. */
  readonly groupCalls: readonly GroupCallsModel[];
}

/** The flows one caller group makes, in blueprint order. */
export interface GroupCallsModel {
  readonly group: FlowCallerGroupModel;
  readonly flows: readonly FlowModel[];
}

/** Which workloads of a zone run a Linkerd proxy. */
export interface ZoneMeshingModel {
  /**
   * Every pod of the zone is meshed (a meshed zone without unmeshed services): the proxy openings
   * (control-plane egress, scrape on 4191) are zone-wide. Otherwise they are per meshed workload.
   */
  readonly zoneWide: boolean;
  /** The zone's meshed services, in declaration order. */
  readonly meshedServices: readonly ServiceModel[];
  /** The zone has meshed pods: the zone is meshed, or one of its services is. */
  readonly hasMeshedPods: boolean;
}
