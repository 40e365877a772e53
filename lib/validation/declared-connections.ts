import { PortSet } from '../analysis/port-set';
import type { BlueprintModel, FlowModel, ServiceModel } from '../model';
import type { FlowCallerGroupModel } from '../model/flow-caller-groups';

/** A zone or role flow into one target: every member of its caller group but the target calls it on `ports`. */
export interface DeclaredGroupCall {
  readonly group: FlowCallerGroupModel;
  readonly members: ReadonlySet<ServiceModel>;
  readonly ports: PortSet;
}

/** What the blueprint declares into one target, as the flows give it: callers one by one, and caller groups whole. */
export interface DeclaredInto {
  /** Callers of service and metrics flows (and of any flow without a caller group), with their ports. */
  readonly individual: ReadonlyMap<ServiceModel, PortSet>;
  readonly groups: readonly DeclaredGroupCall[];
}

/**
 * The declared connections between blueprint services (metrics flows included), read from the model's
 * flows without listing the callers of zone and role flows pair by pair: their caller group stands for
 * them (`flow.callers` of such a flow is the group's members but the target, in the members' order).
 */
export class DeclaredConnections {
  private readonly memberSets = new Map<FlowCallerGroupModel, ReadonlySet<ServiceModel>>();
  private readonly into = new Map<ServiceModel, DeclaredInto>();

  constructor(private readonly model: BlueprintModel) {}

  public of(target: ServiceModel): DeclaredInto {
    let declared = this.into.get(target);
    if (declared === undefined) {
      const individual = new Map<ServiceModel, PortSet>();
      const groups: DeclaredGroupCall[] = [];
      const flows = this.flowsInto(target);
      for (let i = 0; i < flows.length; i++) {
        const flow = flows[i];
        const ports = portsOf(flow);
        const group = this.model.connectivity.callerGroupOf.get(flow);
        if (group) {
          groups.push({ group, members: this.members(group), ports });
        } else {
          const callers = flow.callers;
          for (let j = 0; j < callers.length; j++) {
            const c = callers[j];
            if (c === target) continue;
            const prev = individual.get(c);
            individual.set(c, prev === undefined ? ports : prev.union(ports));
          }
        }
      }
      declared = { individual, groups };
      this.into.set(target, declared);
    }
    return declared;
  }

  /** Caller => ports into `target`, callers in the order of the flows and of their callers (one target's worth of pairs). */
  public ordered(target: ServiceModel): Map<ServiceModel, PortSet> {
    const out = new Map<ServiceModel, PortSet>();
    const add = (c: ServiceModel, ports: PortSet) => {
      if (c !== target) out.set(c, (out.get(c) ?? PortSet.EMPTY).union(ports));
    };
    for (const flow of this.flowsInto(target)) {
      const ports = portsOf(flow);
      const group = this.model.connectivity.callerGroupOf.get(flow);
      (group ? group.members : flow.callers).forEach((c) => add(c, ports));
    }
    return out;
  }

  /** The ports declared from `caller` into `target`. */
  public portsFrom(caller: ServiceModel, target: ServiceModel): PortSet {
    const { individual, groups } = this.of(target);
    let ports = individual.get(caller) ?? PortSet.EMPTY;
    for (const g of groups) {
      if (caller !== target && g.members.has(caller)) ports = ports.union(g.ports);
    }
    return ports;
  }

  public members(group: FlowCallerGroupModel): ReadonlySet<ServiceModel> {
    let set = this.memberSets.get(group);
    if (set === undefined) {
      set = new Set(group.members);
      this.memberSets.set(group, set);
    }
    return set;
  }

  private flowsInto(target: ServiceModel): readonly FlowModel[] {
    return this.model.connectivity.inbound.get(target) ?? [];
  }
}

/**
 * A flow's ports as the pods listen on them, one object per distinct set: the flows into every target
 * mostly name the same few ports, and equal sets that are one object let the comparisons take their
 * identity fast paths (and the plumbed form be built once per set, not once per flow).
 */
function portsOf(flow: FlowModel): PortSet {
  let ports = PORTS.get(flow);
  if (ports === undefined) {
    let key = '';
    for (let i = 0; i < flow.ports.length; i++) key += `${flow.ports[i].protocol}/${flow.ports[i].targetPort},`;
    ports = BY_KEY.get(key);
    if (ports === undefined) {
      ports = flow.ports.reduce((set, p) => set.union(PortSet.of(p.protocol, p.targetPort)), PortSet.EMPTY);
      BY_KEY.set(key, ports);
    }
    PORTS.set(flow, ports);
  }
  return ports;
}

const PORTS = new WeakMap<FlowModel, PortSet>();
/** Port sets by the ports they were built from (in order): a handful per blueprint. */
const BY_KEY = new Map<string, PortSet>();
