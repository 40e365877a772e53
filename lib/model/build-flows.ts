import { FlowSourceProps } from '../blueprint/flow';
import { ZoneRole } from '../blueprint/zone';
import { BuildContext, unknownService, unknownZone, zonePair } from './build-context';
import { buildRoleFlow } from './build-role-flow';
import { buildWorkloadCaller } from './build-workload-caller';
import { DEFAULT_INTERNET_CIDRS, FORBIDDEN_ROLE_RULES } from './defaults';
import { GroupFlow } from './group-flow';
import { FlowModel, FlowPurpose, FlowSource, FlowSourceKind, PortModel, ServiceModel, ZoneModel } from './model';
import { checkCidr } from './names';

/** The fields every flow of one `allowFrom` entry shares. */
export type FlowBase = Pick<FlowModel, 'target' | 'ports' | 'zoneRuleException' | 'path' | 'purpose'>;

/** The declared flows (`allowFrom` of every service), checked against the zone rules. */
export function buildFlows(ctx: BuildContext): FlowModel[] {
  const flows: FlowModel[] = [];
  ctx.props.services.forEach((svc, i) => {
    const target = ctx.serviceAt[i];
    if (!target || ctx.zones.get(target.zone.name) !== target.zone) {
      return; // a malformed service, or one in an unknown zone (reported there): its flows depend on it
    }
    const seen = new Set<string>();
    (svc.allowFrom ?? []).forEach((src, j) => {
      const path = `services[${i}].allowFrom[${j}]`;
      const flow = buildFlow(ctx, src, path, target);
      if (!flow) {
        return;
      }
      const key = sourceKey(flow.source);
      if (seen.has(key)) {
        ctx.issues.add('ZT-BP-039', path, 'this caller is already allowed by another entry of allowFrom: merge the two entries');
      }
      seen.add(key);
      flows.push(flow);
    });
  });
  return flows;
}

/**
 * A flow whose callers are listed. Its fields are written out, not spread from `base`: V8 (Node 20) gives
 * every object made by `{ ...base, more }` a map of its own, which makes every reader of flows megamorphic
 * and keeps one hidden class per flow alive.
 */
function listedFlow(base: FlowBase, source: FlowSource, callers: readonly ServiceModel[]): FlowModel {
  const { target, ports, zoneRuleException, path, purpose } = base;
  return { target, ports, zoneRuleException, path, purpose, source, callers };
}

function sourceKey(source: FlowSource): string {
  switch (source.kind) {
    case FlowSourceKind.SERVICE: return `service/${source.service.name}`;
    case FlowSourceKind.ZONE: return `zone/${source.zone.name}`;
    case FlowSourceKind.ROLES: return `roles/${source.roles.join(',')}`;
    case FlowSourceKind.INTERNET: return 'internet';
    case FlowSourceKind.ADMIN_NETWORK: return `adminNetwork/${source.network.name}`;
    case FlowSourceKind.WORKLOAD: return `workload/${source.workload.namespace}/${source.workload.serviceAccountName}`;
  }
}

function buildFlow(ctx: BuildContext, src: FlowSourceProps, path: string, target: ServiceModel): FlowModel | undefined {
  const { issues } = ctx;
  const kinds = Number(src.service !== undefined) + Number(src.zone !== undefined) + Number(src.roles !== undefined)
    + Number(src.internet === true) + Number(src.adminNetwork !== undefined) + Number(src.workload !== undefined);
  if (kinds !== 1) {
    issues.add('ZT-BP-040', path, 'set exactly one of `service`, `zone`, `roles`, `internet: true`, `adminNetwork` or `workload`');
    return undefined;
  }
  if (src.cidrs && !src.internet) {
    issues.add('ZT-BP-041', `${path}.cidrs`, '`cidrs` only applies to `internet: true` callers');
  }
  if (src.except !== undefined && src.zone === undefined) {
    issues.add('ZT-FLOW-002', `${path}.except`, '`except` only applies to `zone` callers: list the services of that zone that may not call');
  }
  if (target.ports.length === 0) {
    issues.add('ZT-BP-042', path, `service "${target.name}" declares no ports, so nothing can call it: add \`ports\` or remove \`allowFrom\``);
    return undefined;
  }
  const base: FlowBase = { target, ports: resolvePorts(ctx, src, path, target), zoneRuleException: src.zoneRuleException, path, purpose: FlowPurpose.DECLARED };
  if (src.internet) {
    return internetFlow(ctx, src, base);
  }
  if (src.adminNetwork !== undefined) {
    return adminNetworkFlow(ctx, src.adminNetwork, base);
  }
  if (src.workload !== undefined) {
    const workload = buildWorkloadCaller(ctx, src.workload, `${path}.workload`);
    return workload && listedFlow(base, { kind: FlowSourceKind.WORKLOAD, workload }, []);
  }
  if (src.roles !== undefined) {
    return buildRoleFlow(ctx, src, base, (caller, p) => checkZoneRule(ctx, caller.zone, target, src, p));
  }
  if (src.service !== undefined) {
    const caller = ctx.serviceByName.get(src.service);
    if (!caller) {
      if (!ctx.skipped.services.has(src.service)) {
        issues.add('ZT-BP-046', `${path}.service`, unknownService(src.service, ctx.serviceByName));
      }
      return undefined;
    }
    checkZoneRule(ctx, caller.zone, target, src, `${path}.service`);
    return listedFlow(base, { kind: FlowSourceKind.SERVICE, service: caller }, [caller]);
  }
  return zoneFlow(ctx, src, src.zone!, base);
}

function internetFlow(ctx: BuildContext, src: FlowSourceProps, base: FlowBase): FlowModel {
  const { target, path } = base;
  if (target.zone.role !== ZoneRole.DMZ) {
    ctx.issues.add('ZT-BP-043', path, `only services in a ${ZoneRole.DMZ} zone may be reached from the internet; "${target.name}" is in zone "${target.zone.name}" (${target.zone.role})`);
  }
  const cidrs = src.cidrs ?? DEFAULT_INTERNET_CIDRS;
  if (cidrs.length === 0) {
    ctx.issues.add('ZT-BP-044', `${path}.cidrs`, 'list at least one source CIDR, or omit `cidrs` for the whole internet');
  }
  cidrs.forEach((c, k) => ctx.issues.check('ZT-BP-045', `${path}.cidrs[${k}]`, checkCidr(c)));
  return listedFlow(base, { kind: FlowSourceKind.INTERNET, cidrs: [...cidrs] }, []);
}

/** Admin networks reach management zones only: the zone rules stay invariants for them too. */
function adminNetworkFlow(ctx: BuildContext, name: string, base: FlowBase): FlowModel | undefined {
  const { target, path } = base;
  const network = ctx.adminNetworks.get(name);
  if (!network) {
    ctx.issues.add('ZT-FLOW-003', `${path}.adminNetwork`, `unknown admin network "${name}": declare it in \`adminNetworks\` (known: ${[...ctx.adminNetworks.keys()].map((n) => `"${n}"`).join(', ') || 'none'})`);
    return undefined;
  }
  if (target.zone.role !== ZoneRole.MANAGEMENT) {
    ctx.issues.add('ZT-FLOW-004', `${path}.adminNetwork`, `admin networks may reach only services in a ${ZoneRole.MANAGEMENT} zone (never ${ZoneRole.DATA}); "${target.name}" is in zone "${target.zone.name}" (${target.zone.role}): reach it through a management service`);
  }
  return listedFlow(base, { kind: FlowSourceKind.ADMIN_NETWORK, network }, []);
}

function zoneFlow(ctx: BuildContext, src: FlowSourceProps, name: string, base: FlowBase): FlowModel | undefined {
  const { target, path } = base;
  const zone = ctx.zones.get(name);
  if (!zone) {
    if (!ctx.skipped.zones.has(name)) {
      ctx.issues.add('ZT-BP-047', `${path}.zone`, unknownZone(name, ctx.zones));
    }
    return undefined;
  }
  checkZoneRule(ctx, zone, target, src, `${path}.zone`);
  const members = ctx.servicesByZone.get(zone) ?? [];
  const except: ServiceModel[] = [];
  (src.except ?? []).forEach((n, k) => {
    const service = members.find((s) => s.name === n);
    if (!service) {
      if (!ctx.skipped.services.has(n)) {
        ctx.issues.add('ZT-FLOW-005', `${path}.except[${k}]`, `zone "${zone.name}" has no service "${n}" (its services: ${members.map((s) => `"${s.name}"`).join(', ') || 'none'})`);
      }
    } else if (!except.includes(service)) {
      except.push(service);
    }
  });
  if (src.except !== undefined && !members.some((s) => s !== target && !except.includes(s))) {
    ctx.issues.add('ZT-FLOW-006', `${path}.except`, `no service of zone "${zone.name}" is left to call "${target.name}": remove this entry`);
  }
  return new GroupFlow({ ...base, source: { kind: FlowSourceKind.ZONE, zone, except } }, members);
}

function resolvePorts(ctx: BuildContext, src: FlowSourceProps, path: string, target: ServiceModel): PortModel[] {
  if (src.ports === undefined) {
    return [...target.ports];
  }
  if (src.ports.length === 0) {
    ctx.issues.add('ZT-BP-048', `${path}.ports`, 'an empty port list allows nothing: list port names, or omit `ports` for all of them');
  }
  const resolved: PortModel[] = [];
  src.ports.forEach((name, k) => {
    const port = target.ports.find((p) => p.name === name);
    if (!port) {
      ctx.issues.add('ZT-BP-049', `${path}.ports[${k}]`, `service "${target.name}" declares no port named "${name}" (declared: ${target.ports.map((p) => `"${p.name}"`).join(', ')})`);
    } else if (!resolved.includes(port)) {
      resolved.push(port);
    }
  });
  return resolved;
}

function checkZoneRule(ctx: BuildContext, from: ZoneModel, target: ServiceModel, src: FlowSourceProps, path: string): void {
  const to = target.zone;
  // A service in an undeclared zone is reported once, at its `zone` field, not again for every flow.
  if (from.name === to.name || ctx.zones.get(from.name) !== from || ctx.zones.get(to.name) !== to) {
    return;
  }
  if (FORBIDDEN_ROLE_RULES.some((f) => f.from === from.role && f.to === to.role)) {
    ctx.issues.add('ZT-BP-050', path, `zone "${from.name}" (${from.role}) may never reach "${target.name}" in zone "${to.name}" (${to.role}): call an ${ZoneRole.APP} zone service that owns the data instead`);
    return;
  }
  if (!ctx.allowedZonePairs.has(zonePair(from.name, to.name)) && !src.zoneRuleException?.trim()) {
    ctx.issues.add('ZT-BP-051', path, `the zone rules do not let zone "${from.name}" call zone "${to.name}": add a zone rule, or set \`zoneRuleException\` to the reason for this one flow`);
  }
}
