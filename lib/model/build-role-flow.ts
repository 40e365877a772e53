import { FlowSourceProps } from '../blueprint/flow';
import { BuildContext } from './build-context';
import { FlowBase } from './build-flows';
import { unknownRole } from './build-roles';
import { GroupFlow } from './group-flow';
import { FlowModel, FlowSourceKind, ServiceModel } from './model';

/** Checks one caller's zone against the zone rules (the same check as for `service` flows). */
export type ZoneRuleCheck = (caller: ServiceModel, path: string) => void;

/**
 * A flow from every service holding one of `src.roles` (directly or by inheritance): the holders are one
 * set, shared by every flow from the same roles (group-flow.ts), never listed per flow.
 */
export function buildRoleFlow(ctx: BuildContext, src: FlowSourceProps, base: FlowBase, checkZone: ZoneRuleCheck): FlowModel | undefined {
  const { issues, roles } = ctx;
  const path = base.path;
  const declared = src.roles ?? [];
  if (declared.length === 0) {
    issues.add('ZT-ROLE-101', `${path}.roles`, 'list at least one role, or use `service` or `zone`');
    return undefined;
  }
  const unknown = declared.map((r, k) => ({ r, k })).filter(({ r }) => !roles.has(r));
  unknown.forEach(({ r, k }) => issues.add('ZT-ROLE-102', `${path}.roles[${k}]`, unknownRole(r, roles)));
  if (unknown.length > 0 || declared.some((r) => roles.get(r)!.broken)) {
    return undefined; // a broken hierarchy is reported once, at the cycle
  }
  const holders = ctx.roleHolders.of(declared);
  if (!holders.some((s) => s !== base.target)) {
    issues.add('ZT-ROLE-103', `${path}.roles`, `no service holds ${declared.map((r) => `"${r}"`).join(' or ')} (directly or by inheritance): add the role to a service's \`roles\`, or remove this entry`);
    return undefined;
  }
  // One check per calling zone: the zone rules speak of zones, not of services.
  for (const caller of ctx.roleHolders.onePerZone(declared, base.target)) {
    checkZone(caller, `${path}.roles`);
  }
  return new GroupFlow({ ...base, source: { kind: FlowSourceKind.ROLES, roles: [...new Set(declared)].sort(), except: [] } }, holders);
}
