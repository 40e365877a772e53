import { FlowCallerGroupModel } from './flow-caller-groups';
import { membersOf } from './group-flow';
import { identityKey } from './identity-key';
import { CallerSet, GroupEntry } from './mesh-callers';
import { ServiceModel } from './model';

/**
 * Whether the routes of a port admit exactly the meshed callers its flows allow, decided from the caller
 * groups as groups: a route's `allowRoles` and a zone or role flow name a set shared by every target, and
 * listing that set per routed port made the check quadratic in the size of the platform (every routed
 * port times every holder of a role). True proves that `checkRoutesMatchFlows` on the callers listed one
 * by one reports nothing; false only sends the port to that check, which decides and names each caller.
 *
 * A group's members are covered by another group that holds all of them and leaves out the same target;
 * one caller's identity by a group member with the same ServiceAccount, or by an identity of its own.
 */
export function routesCoverFlows(flows: CallerSet, routes: readonly CallerSet[]): boolean {
  for (const e of flows.identityEntries) {
    if (!routes.some((r) => admitsKey(r, e.key))) return false;
  }
  for (const g of flows.groupEntries) {
    if (!routes.some((r) => coversGroup(r, g))) return false;
  }
  for (const r of routes) {
    for (const e of r.identityEntries) {
      if (!admitsKey(flows, e.key)) return false;
    }
    for (const g of r.groupEntries) {
      if (!coversGroup(flows, g)) return false;
    }
  }
  return true;
}

/** Whether `set` admits the identity with `key`, on its own or as a group member (but the group's `except`). */
function admitsKey(set: CallerSet, key: string): boolean {
  if (set.hasIdentityKey(key)) return true;
  return set.groupEntries.some((g) => (meshedByKey(g.group).get(key) ?? []).some((m) => m !== g.except));
}

/** Whether one of `set`'s groups holds every meshed member of `entry`'s group and leaves out the same service. */
function coversGroup(set: CallerSet, entry: GroupEntry): boolean {
  return set.groupEntries.some((g) => g.except === entry.except && holdsMeshed(g.group, entry.group));
}

const meshedKeys = new WeakMap<FlowCallerGroupModel, ReadonlyMap<string, readonly ServiceModel[]>>();

/** A group's meshed members by `identityKey`, built once per group (groups are shared by every target). */
function meshedByKey(group: FlowCallerGroupModel): ReadonlyMap<string, readonly ServiceModel[]> {
  let byKey = meshedKeys.get(group);
  if (byKey === undefined) {
    const built = new Map<string, ServiceModel[]>();
    for (const m of group.members) {
      if (!m.meshed) continue;
      const key = identityKey(m);
      const list = built.get(key);
      if (list) list.push(m);
      else built.set(key, [m]);
    }
    byKey = built;
    meshedKeys.set(group, byKey);
  }
  return byKey;
}

const holds = new WeakMap<FlowCallerGroupModel, WeakMap<FlowCallerGroupModel, boolean>>();

/** Whether `outer` holds every meshed member of `inner`, decided once per pair of groups. */
function holdsMeshed(outer: FlowCallerGroupModel, inner: FlowCallerGroupModel): boolean {
  if (outer === inner) return true;
  let known = holds.get(outer);
  if (known === undefined) {
    known = new WeakMap();
    holds.set(outer, known);
  }
  let verdict = known.get(inner);
  if (verdict === undefined) {
    const within = membersOf(outer.members);
    verdict = inner.members.every((m) => !m.meshed || within.has(m));
    known.set(inner, verdict);
  }
  return verdict;
}
