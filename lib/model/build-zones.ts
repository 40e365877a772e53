import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { ZoneRole } from '../blueprint/zone';
import { unknownZone, zonePair } from './build-context';
import { DEFAULT_ZONES, FORBIDDEN_ROLE_RULES, defaultZoneRules } from './defaults';
import { IssueCollector } from './errors';
import { ZoneModel } from './model';
import { checkDnsLabel, checkLabels } from './names';

/**
 * The zones, in declaration order. A zone whose entry is malformed (`skipped`, by index) is left out; its
 * name is remembered so that references to it are not reported again.
 */
export function buildZones(props: ZeroTrustBlueprintProps, issues: IssueCollector, skipped: ReadonlySet<number> = new Set()): ZoneModel[] {
  const declared = props.zones ?? DEFAULT_ZONES;
  if (declared.length === 0) {
    issues.add('ZT-BP-007', 'zones', 'the zone list is empty: declare at least one zone, or omit `zones` for dmz, app, data and management');
  }
  const roles = new Set<string>(Object.values(ZoneRole));
  const names = new Set<string>();
  const namespaces = new Set<string>();
  return declared.flatMap((zone, i): ZoneModel[] => {
    if (skipped.has(i)) {
      return [];
    }
    const path = `zones[${i}]`;
    issues.check('ZT-BP-008', `${path}.name`, checkDnsLabel(zone.name));
    if (names.has(zone.name)) {
      issues.add('ZT-BP-009', `${path}.name`, `zone "${zone.name}" is declared twice: zone names must be unique`);
    }
    names.add(zone.name);
    const role = zone.role ?? (roles.has(zone.name) ? (zone.name as ZoneRole) : undefined);
    if (!role) {
      issues.add('ZT-BP-010', `${path}.role`, `zone "${zone.name}" needs a role (dmz, app, data or management) because its name is not one of them`);
    }
    const namespace = zone.namespace ?? zone.name;
    issues.check('ZT-BP-011', `${path}.namespace`, checkDnsLabel(namespace));
    if (namespaces.has(namespace)) {
      issues.add('ZT-BP-012', `${path}.namespace`, `namespace "${namespace}" holds another zone already: each zone needs its own namespace`);
    }
    namespaces.add(namespace);
    issues.check('ZT-BP-013', `${path}.labels`, checkLabels(zone.labels ?? {}));
    return [{ name: zone.name, role: role ?? ZoneRole.APP, namespace, meshed: zone.meshed ?? true, labels: { ...zone.labels } }];
  });
}

/** The zone rules as `from\0to` pairs; a rule between forbidden zone roles is an error. */
export function buildZoneRules(props: ZeroTrustBlueprintProps, zones: ReadonlyMap<string, ZoneModel>, skippedZones: ReadonlySet<string>, issues: IssueCollector): Set<string> {
  const rules = props.zoneRules ?? defaultZoneRules([...zones.values()]);
  const allowed = new Set<string>();
  rules.forEach((rule, i) => {
    const from = zones.get(rule.from);
    const to = zones.get(rule.to);
    if (!from && !skippedZones.has(rule.from)) {
      issues.add('ZT-BP-014', `zoneRules[${i}].from`, unknownZone(rule.from, zones));
    }
    if (!to && !skippedZones.has(rule.to)) {
      issues.add('ZT-BP-015', `zoneRules[${i}].to`, unknownZone(rule.to, zones));
    }
    if (from && to && FORBIDDEN_ROLE_RULES.some((f) => f.from === from.role && f.to === to.role)) {
      issues.add('ZT-BP-016', `zoneRules[${i}]`, `zone "${from.name}" (${from.role}) may never call zone "${to.name}" (${to.role}): route the call through an ${ZoneRole.APP} zone service`);
    }
    allowed.add(zonePair(rule.from, rule.to));
  });
  return allowed;
}
