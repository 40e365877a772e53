import { FlowModel, FlowPurpose, FlowSource, FlowSourceKind, PortModel, ServiceModel } from './model';

/** The source of a zone or role flow: its callers are a set of services but `except`. */
export type GroupFlowSource = Extract<FlowSource, { kind: FlowSourceKind.ZONE | FlowSourceKind.ROLES }>;

/** What a zone or role flow is made of, but its callers. */
export interface GroupFlowFields {
  readonly source: GroupFlowSource;
  readonly purpose: FlowPurpose;
  readonly target: ServiceModel;
  readonly ports: readonly PortModel[];
  readonly zoneRuleException?: string;
  readonly path: string;
}

/**
 * A zone or role flow. Its callers are a set shared by every flow from the same zone or role (the
 * services of the zone, the holders of the roles, in declaration order), but the target and the source's
 * `except`. The emitters read the set as a caller group (flow-caller-groups.ts); the list of callers is
 * computed on first use and only then kept, so the model holds no entry per (caller, target) pair unless a
 * reader asks for one.
 */
export class GroupFlow implements FlowModel {
  public readonly source: GroupFlowSource;
  public readonly purpose: FlowPurpose;
  public readonly target: ServiceModel;
  public readonly ports: readonly PortModel[];
  public readonly zoneRuleException?: string;
  public readonly path: string;
  private listed?: readonly ServiceModel[];

  /** `set`: every service of the zone, or every holder of the roles, target and exceptions included. */
  constructor(fields: GroupFlowFields, public readonly set: readonly ServiceModel[]) {
    this.source = fields.source;
    this.purpose = fields.purpose;
    this.target = fields.target;
    this.ports = fields.ports;
    this.zoneRuleException = fields.zoneRuleException;
    this.path = fields.path;
  }

  public get callers(): readonly ServiceModel[] {
    if (!this.listed) {
      this.listed = this.set.filter((s) => this.admits(s));
    }
    return this.listed;
  }

  /** The same flow with some fields changed (the callers follow `source.except`). */
  public with(changes: Partial<GroupFlowFields>): GroupFlow {
    const { source, purpose, target, ports, zoneRuleException, path } = this;
    return new GroupFlow({ source, purpose, target, ports, zoneRuleException, path, ...changes }, this.set);
  }

  /** Calls `visit` for each caller in order, without keeping a list (a reader that needs each caller once). */
  public forEachCaller(visit: (caller: ServiceModel) => void): void {
    if (this.listed) {
      this.listed.forEach((c) => visit(c));
      return;
    }
    for (const s of this.set) {
      if (this.admits(s)) {
        visit(s);
      }
    }
  }

  /** Whether one of the callers passes `test`, without listing them. */
  public someCaller(test: (caller: ServiceModel) => boolean): boolean {
    return this.set.some((s) => this.admits(s) && test(s));
  }

  /** Whether `service` calls in this flow, without listing the callers. */
  public hasCaller(service: ServiceModel): boolean {
    return this.admits(service) && membersOf(this.set).has(service);
  }

  /** Whether a member of the set calls in this flow: every member but the target and the source's `except`. */
  private admits(s: ServiceModel): boolean {
    return s !== this.target && !this.source.except.includes(s);
  }
}

/** Whether a caller of `flow` is named `name` (names, not objects: a duplicated name is reported, not fatal). */
export function hasCallerNamed(flow: FlowModel, name: string): boolean {
  if (!isGroupFlow(flow)) {
    return flow.callers.some((c) => c.name === name);
  }
  const set = flow.set;
  const members = membersOf(set);
  let left = namesOf(set).get(name) ?? 0;
  if (left > 0 && flow.target.name === name && members.has(flow.target)) {
    left--;
  }
  for (const e of flow.source.except) {
    if (left > 0 && e.name === name && e !== flow.target && members.has(e)) {
      left--;
    }
  }
  return left > 0;
}

// How many members of a shared caller set bear each name.
const nameCounts = new WeakMap<readonly ServiceModel[], ReadonlyMap<string, number>>();
function namesOf(set: readonly ServiceModel[]): ReadonlyMap<string, number> {
  let counts = nameCounts.get(set);
  if (!counts) {
    const found = new Map<string, number>();
    set.forEach((s) => found.set(s.name, (found.get(s.name) ?? 0) + 1));
    counts = found;
    nameCounts.set(set, counts);
  }
  return counts;
}

// One lookup set per shared caller set (every flow of a zone or a role shares the array).
const memberSets = new WeakMap<readonly ServiceModel[], ReadonlySet<ServiceModel>>();
/** `set` as a lookup set, built once per array (a caller set or a caller group's members, shared by every target). */
export function membersOf(set: readonly ServiceModel[]): ReadonlySet<ServiceModel> {
  let members = memberSets.get(set);
  if (!members) {
    members = new Set(set);
    memberSets.set(set, members);
  }
  return members;
}

/** Whether `flow` calls from a set of services (a zone or role flow), whose callers are not listed up front. */
export function isGroupFlow(flow: FlowModel): flow is GroupFlow {
  return flow instanceof GroupFlow;
}
