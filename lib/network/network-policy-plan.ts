import {
  NetworkPolicyEgressRule as EgressRule,
  NetworkPolicyIngressRule as IngressRule,
  NetworkPolicySpec as PolicySpec,
  IntOrString,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { BlueprintModel, FlowModel, FlowPurpose, FlowSourceKind, LINKERD_PORTS, ServiceModel, ZoneModel } from '../model';
import { needsProxyInbound } from '../model/mesh-membership';
import { flowPorts, ipBlockPeers, namespaceSelector, tcpPort, workloadPeer, zonePeer } from './peers';
import { ServiceCall, callerIngressRules, groupedCallRules, servicesPeers } from './service-groups';
import { planRoleCallerPolicies, roleIngressRules } from './role-caller-policies';
import { planZoneCallerPolicies } from './zone-caller-policies';

/** One NetworkPolicy to emit: the pure result of planning, before it becomes a construct. */
export interface PlannedNetworkPolicy {
  readonly name: string;
  readonly namespace: string;
  readonly spec: PolicySpec;
}

const ALL_PODS = {};

/** Namespace-wide policies of a zone: default deny, DNS, the Linkerd control plane and proxy metrics. */
export function planZonePolicies(model: BlueprintModel, zone: ZoneModel): PlannedNetworkPolicy[] {
  const ns = zone.namespace;
  const policies: PlannedNetworkPolicy[] = [
    { name: 'default-deny', namespace: ns, spec: { podSelector: ALL_PODS, policyTypes: ['Ingress', 'Egress'] } },
    {
      name: 'allow-dns',
      namespace: ns,
      spec: {
        podSelector: ALL_PODS,
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: namespaceSelector(model.dns.namespace), podSelector: { matchLabels: { ...model.dns.podSelector } } }],
          ports: [
            { protocol: 'UDP', port: IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: IntOrString.fromNumber(53) },
          ],
        }],
      },
    },
  ];
  // Zone-wide proxy openings only where every pod is meshed; a mixed zone gets them per meshed workload.
  if (zoneWideMesh(model, zone)) {
    policies.push({
      name: 'allow-linkerd-control-plane',
      namespace: ns,
      spec: { podSelector: ALL_PODS, policyTypes: ['Egress'], egress: [controlPlaneEgress(model)] },
    });
    const scrape = scrapeProxyIngress(model, ns);
    if (scrape) {
      policies.push({ name: 'allow-metrics-scrape', namespace: ns, spec: { podSelector: ALL_PODS, policyTypes: ['Ingress'], ingress: [scrape] } });
    }
  }
  policies.push(...planZoneCallerPolicies(model, zone), ...planRoleCallerPolicies(model, zone));
  return policies;
}

/** The allows of one service: `<name>-ingress` and `<name>-egress`, each only when it has rules. */
export function planServicePolicies(model: BlueprintModel, service: ServiceModel): PlannedNetworkPolicy[] {
  const podSelector = { matchLabels: { ...service.selector } };
  const ingress = serviceIngress(model, service);
  const egress = serviceEgress(model, service);
  const policies: PlannedNetworkPolicy[] = [];
  if (ingress.length > 0) {
    policies.push({ name: `${service.name}-ingress`, namespace: service.namespace, spec: { podSelector, policyTypes: ['Ingress'], ingress } });
  }
  if (egress.length > 0) {
    policies.push({ name: `${service.name}-egress`, namespace: service.namespace, spec: { podSelector, policyTypes: ['Egress'], egress } });
  }
  return policies;
}

/**
 * What the Linkerd control plane namespace needs once the zones are default-deny: its own pods talk
 * freely, meshed namespaces reach identity/destination/policy, the API server reaches the webhooks,
 * and the metrics scraper reaches the proxies. Egress of the control plane is left open.
 */
export function planLinkerdPolicies(model: BlueprintModel): PlannedNetworkPolicy[] {
  const ns = model.linkerd.namespace;
  // Meshed outside callers (an ingress controller) run proxies too: their namespaces need the control plane.
  const meshedNamespaces = [...new Set([
    ...model.zones.filter((z) => model.connectivity.meshing.get(z)?.hasMeshedPods).map((z) => z.namespace),
    ...model.linkerd.additionalMeshedNamespaces,
    ...model.connectivity.outsideWorkloads.filter((w) => w.meshed).map((w) => w.namespace),
  ])];
  const ingress: IngressRule[] = [{ from: [{ podSelector: ALL_PODS }] }];
  if (meshedNamespaces.length > 0) {
    ingress.push({
      from: meshedNamespaces.map((n) => ({ namespaceSelector: namespaceSelector(n) })),
      ports: [LINKERD_PORTS.identity, LINKERD_PORTS.destination, LINKERD_PORTS.policy].map(tcpPort),
    });
  }
  ingress.push({ from: ipBlockPeers(model.linkerd.apiServerCidrs), ports: LINKERD_PORTS.webhooks.map(tcpPort) });
  const scrape = scrapeProxyIngress(model, ns);
  if (scrape) {
    ingress.push(scrape);
  }
  return [{ name: 'allow-control-plane-ingress', namespace: ns, spec: { podSelector: ALL_PODS, policyTypes: ['Ingress'], ingress } }];
}

function zoneWideMesh(model: BlueprintModel, zone: ZoneModel): boolean {
  return model.connectivity.meshing.get(zone)?.zoneWide ?? false;
}

/** A meshed workload outside a zone-wide meshed zone gets its proxy openings itself. */
function needsOwnProxyOpenings(model: BlueprintModel, service: ServiceModel): boolean {
  return service.meshed && !zoneWideMesh(model, service.zone);
}

function controlPlaneEgress(model: BlueprintModel): EgressRule {
  return {
    to: [{ namespaceSelector: namespaceSelector(model.linkerd.namespace) }],
    ports: [LINKERD_PORTS.identity, LINKERD_PORTS.destination, LINKERD_PORTS.policy].map(tcpPort),
  };
}

function scrapeProxyIngress(model: BlueprintModel, namespace: string): IngressRule | undefined {
  const from = servicesPeers(model, model.connectivity.scrapers, namespace);
  return from.length > 0 ? { from, ports: [tcpPort(LINKERD_PORTS.proxyAdmin)] } : undefined;
}

/**
 * The ingress rules of one flow: its source on the flow's ports, with the proxy port 4143 for the
 * callers that need it (a property of each caller/target pair). When only some callers need it, they
 * get it in a rule of their own, so an unmeshed caller never reaches a proxy port.
 */
function flowIngressRules(model: BlueprintModel, flow: FlowModel, target: ServiceModel): IngressRule[] {
  const source = flow.source;
  switch (source.kind) {
    case FlowSourceKind.INTERNET:
      return [{ from: ipBlockPeers(source.cidrs), ports: flowPorts(flow.ports, false) }];
    case FlowSourceKind.ADMIN_NETWORK:
      return [{ from: ipBlockPeers(source.network.cidrs), ports: flowPorts(flow.ports, false) }];
    case FlowSourceKind.WORKLOAD:
      return [{ from: [workloadPeer(source.workload)], ports: flowPorts(flow.ports, needsProxyInbound(source.workload, target, flow.ports)) }];
    case FlowSourceKind.ZONE:
      // The zone, not a list of its services: one peer for its service pods but the exceptions (the
      // target among them, as the zone-wide egress policy of the caller's zone has it too).
      return callerIngressRules(model, model.connectivity.callerGroupOf.get(flow)?.members ?? [], target, flow);
    default:
      return callerIngressRules(model, flow.callers, target, flow);
  }
}

/**
 * Every ingress rule of `service`, its role flows' too (which its zone's role caller policies open for
 * it and the other targets at once): for a policy that must hold all of a service's callers.
 */
export function serviceIngressRules(model: BlueprintModel, service: ServiceModel): IngressRule[] {
  const roleRules = (model.connectivity.inbound.get(service) ?? []).filter(isRoleFlow).flatMap((f) => roleIngressRules(model, f, service));
  return [...serviceIngress(model, service), ...roleRules];
}

/** A declared role flow: its callers are a group, whose policies the zones hold (role-caller-policies.ts). */
function isRoleFlow(flow: FlowModel): boolean {
  return flow.purpose === FlowPurpose.DECLARED && flow.source.kind === FlowSourceKind.ROLES;
}

function serviceIngress(model: BlueprintModel, service: ServiceModel): IngressRule[] {
  const rules = (model.connectivity.inbound.get(service) ?? []).filter((f) => !isRoleFlow(f)).flatMap((f) => flowIngressRules(model, f, service));
  if (needsOwnProxyOpenings(model, service)) {
    const scrapers = model.connectivity.scrapers.filter((s) => s !== service);
    if (scrapers.length > 0) {
      rules.push({ from: servicesPeers(model, scrapers, service.namespace), ports: [tcpPort(LINKERD_PORTS.proxyAdmin)] });
    }
  }
  return rules;
}

function serviceEgress(model: BlueprintModel, service: ServiceModel): EgressRule[] {
  // One pass over the outbound flows: the declared calls, and the scraper's metrics calls.
  // Zone and role callers call from their zone's grouped policies (allow-zone-calls, allow-role-<role>-callers), not one rule per caller.
  const declared: ServiceCall[] = [];
  const metrics: ServiceCall[] = [];
  for (const f of model.connectivity.outbound.get(service) ?? []) {
    if (f.purpose === FlowPurpose.DECLARED) {
      if (f.source.kind !== FlowSourceKind.ZONE && f.source.kind !== FlowSourceKind.ROLES) {
        declared.push(callOf(service, f));
      }
    } else if (f.purpose === FlowPurpose.METRICS && service.metricsScraper) {
      metrics.push(callOf(service, f));
    }
  }
  const rules: EgressRule[] = groupedCallRules(model, declared, service.namespace);
  for (const e of service.egress) {
    rules.push({ to: ipBlockPeers(e.cidrs), ports: e.ports.map((p) => ({ protocol: e.protocol, port: IntOrString.fromNumber(p) })) });
  }
  if (needsOwnProxyOpenings(model, service)) {
    rules.push(controlPlaneEgress(model));
  }
  if (service.metricsScraper) {
    rules.push(...scraperProxyEgress(model, service));
    rules.push(...groupedCallRules(model, metrics, service.namespace));
  }
  return rules;
}

/** A call of `caller`'s flow: its target on the flow's ports, with 4143 when the pair needs it. */
function callOf(caller: ServiceModel, flow: FlowModel): ServiceCall {
  return { target: flow.target, ports: flowPorts(flow.ports, needsProxyInbound(caller, flow.target, flow.ports)) };
}

/** The scraper reaches every proxy's admin port: zone-wide where every pod is meshed, else its meshed workloads (one peer per zone). */
function scraperProxyEgress(model: BlueprintModel, scraper: ServiceModel): EgressRule[] {
  const rules: EgressRule[] = [];
  const proxyAdmin = [tcpPort(LINKERD_PORTS.proxyAdmin)];
  for (const zone of model.zones) {
    const meshing = model.connectivity.meshing.get(zone);
    if (meshing?.zoneWide) {
      rules.push({ to: [zonePeer(zone, scraper.namespace)], ports: proxyAdmin });
    } else if (meshing && meshing.meshedServices.length > 0) {
      rules.push({ to: servicesPeers(model, meshing.meshedServices, scraper.namespace), ports: proxyAdmin });
    }
  }
  rules.push({ to: [{ namespaceSelector: namespaceSelector(model.linkerd.namespace) }], ports: proxyAdmin });
  return rules;
}
