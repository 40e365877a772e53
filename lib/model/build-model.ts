import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { BuildContext } from './build-context';
import { buildAdminNetworks } from './build-admin-networks';
import { buildAlerting } from './build-alerting';
import { buildConnectivity } from './build-connectivity';
import { buildEdge } from './build-edge';
import { realizeEdge } from './build-edge-proxy';
import { buildFlows } from './build-flows';
import { buildKeycloak } from './build-keycloak';
import { checkPrometheusOperator } from './build-keycloak-server';
import { buildMesh } from './build-mesh';
import { buildPki } from './build-pki';
import { buildRoles } from './build-roles';
import { buildServices } from './build-services';
import { buildZoneRules, buildZones } from './build-zones';
import { DEFAULT_API_SERVER_CIDRS, DEFAULT_DNS_NAMESPACE, DEFAULT_DNS_SELECTOR, DEFAULT_LINKERD_NAMESPACE } from './defaults';
import { IssueCollector } from './errors';
import { FlowCallerGroups } from './flow-caller-groups';
import { BlueprintModel, ServiceModel, ZoneModel } from './model';
import { checkCidr, checkDnsLabel, checkLabels } from './names';
import { RoleHolders } from './role-holders';
import { judgeSchema } from './schema-verdict';
import { checkSelectorOverlaps } from './selector-overlaps';

/**
 * Validates a blueprint and returns its normalized model. Throws a BlueprintError listing every problem,
 * each with the JSON path of the offending field. Parts the schema check rejects are left out of the
 * checks that depend on them; every other check still runs, so one run reports every real problem.
 */
export function buildModel(input: ZeroTrustBlueprintProps, source?: string): BlueprintModel {
  const issues = new IssueCollector();
  const verdict = judgeSchema(input, issues);
  if (!verdict.props) {
    issues.throwIfAny(source); // the shape is too broken to check anything else
  }
  const props = verdict.props!;

  const roles = buildRoles(props.roles, issues);
  const roleByName = new Map(roles.map((r) => [r.name, r]));
  const zones = buildZones(props, issues, verdict.zoneIndexes);
  const zoneByName = new Map(zones.map((z) => [z.name, z]));
  const skippedZones = namesAt(props.zones ?? [], verdict.zoneIndexes);
  const allowedZonePairs = buildZoneRules(props, zoneByName, skippedZones, issues);
  const serviceAt = buildServices(props, zoneByName, roleByName, { indexes: verdict.serviceIndexes, zones: skippedZones }, issues);
  checkSelectorOverlaps(serviceAt, issues);
  const services = serviceAt.filter((s): s is ServiceModel => s !== undefined);
  const servicesByZone = groupByZone(zones, services);
  const roleHolders = new RoleHolders(services);
  const ctx: BuildContext = {
    props,
    issues,
    zones: zoneByName,
    roles: roleByName,
    services,
    serviceByName: new Map(services.map((s) => [s.name, s])),
    serviceAt,
    servicesByZone,
    roleHolders,
    callerGroups: new FlowCallerGroups(servicesByZone, roleHolders),
    adminNetworks: new Map(buildAdminNetworks(props, issues).map((n) => [n.name, n])),
    allowedZonePairs,
    skipped: { zones: skippedZones, services: namesAt(props.services, missingIndexes(serviceAt)) },
  };
  const declaredFlows = buildFlows(ctx);
  const { flows, calls: edgeCalls, jwks } = realizeEdge(ctx, declaredFlows);
  const connectivity = buildConnectivity(zones, ctx.servicesByZone, services, flows, ctx.callerGroups);
  const mesh = buildMesh(ctx, zones, connectivity, edgeCalls);

  const linkerdNamespace = props.linkerd?.namespace ?? DEFAULT_LINKERD_NAMESPACE;
  issues.check('ZT-BP-001', 'linkerd.namespace', checkDnsLabel(linkerdNamespace));
  const apiServerCidrs = props.linkerd?.apiServerCidrs ?? DEFAULT_API_SERVER_CIDRS;
  apiServerCidrs.forEach((c, i) => issues.check('ZT-BP-002', `linkerd.apiServerCidrs[${i}]`, checkCidr(c)));
  const additionalMeshedNamespaces = props.linkerd?.additionalMeshedNamespaces ?? [];
  additionalMeshedNamespaces.forEach((n, i) => issues.check('ZT-BP-003', `linkerd.additionalMeshedNamespaces[${i}]`, checkDnsLabel(n)));
  const dnsNamespace = props.dns?.namespace ?? DEFAULT_DNS_NAMESPACE;
  issues.check('ZT-BP-004', 'dns.namespace', checkDnsLabel(dnsNamespace));
  const dnsSelector = props.dns?.podSelector ?? DEFAULT_DNS_SELECTOR;
  issues.check('ZT-BP-005', 'dns.podSelector', checkLabels(dnsSelector));
  if (zones.some((z) => z.namespace === linkerdNamespace)) {
    issues.add('ZT-BP-006', 'linkerd.namespace', `"${linkerdNamespace}" is also a zone namespace: the control plane needs its own namespace`);
  }
  const pki = buildPki(props, services, zones, linkerdNamespace, issues);
  const keycloak = buildKeycloak(props, services, flows, roles, issues);
  const alerting = buildAlerting(props, services, mesh, pki, keycloak, issues);
  checkPrometheusOperator(props, issues);
  const edge = buildEdge(props, { services, serviceAt, flows: declaredFlows, roles: roleByName, keycloak, jwks }, issues);

  issues.throwIfAny(source);
  return {
    zones,
    services,
    flows,
    connectivity,
    adminNetworks: [...ctx.adminNetworks.values()],
    roles,
    linkerd: { namespace: linkerdNamespace, apiServerCidrs: [...apiServerCidrs], additionalMeshedNamespaces: [...additionalMeshedNamespaces] },
    dns: { namespace: dnsNamespace, podSelector: { ...dnsSelector } },
    mesh,
    pki,
    keycloak,
    alerting,
    edge,
  };
}

/** The indexes of the services left out (undefined in `serviceAt`). */
function missingIndexes(serviceAt: readonly (ServiceModel | undefined)[]): Set<number> {
  const missing = new Set<number>();
  for (let i = 0; i < serviceAt.length; i++) {
    if (!serviceAt[i]) missing.add(i);
  }
  return missing;
}

/** The names of the entries at `indexes` that have a string name (a malformed entry may not). */
function namesAt(entries: readonly { name?: unknown }[], indexes: ReadonlySet<number>): Set<string> {
  return new Set([...indexes].map((i) => entries[i]?.name).filter((n): n is string => typeof n === 'string'));
}

function groupByZone(zones: readonly ZoneModel[], services: readonly ServiceModel[]): Map<ZoneModel, ServiceModel[]> {
  const byZone = new Map<ZoneModel, ServiceModel[]>(zones.map((z) => [z, []]));
  services.forEach((s) => byZone.get(s.zone)?.push(s));
  return byZone;
}

