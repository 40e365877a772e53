import {
  NetworkPolicyEgressRule as EgressRule,
  NetworkPolicyIngressRule as IngressRule,
  NetworkPolicySpec as PolicySpec,
  IntOrString,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { BlueprintModel, FlowModel, FlowPurpose, FlowSourceKind, LINKERD_PORTS, ServiceModel, ZoneModel } from '../model';
import { needsProxyInbound } from '../model/mesh-membership';
import { flowPorts, ipBlockPeers, namespaceSelector, servicePeer, tcpPort, workloadPeer, zonePeer } from './peers';

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
  const from = model.connectivity.scrapers.map((s) => servicePeer(s, namespace));
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
      if (source.except.length === 0) {
        // The whole namespace: it carries 4143 itself only when every pod of the zone is meshed.
        const wholeZoneProxied = zoneWideMesh(model, source.zone) && needsProxyInbound({ meshed: true }, target, flow.ports);
        const rule = { from: [zonePeer(source.zone, target.namespace)], ports: flowPorts(flow.ports, wholeZoneProxied) };
        return wholeZoneProxied ? [rule] : [rule, ...proxyInboundRule(flow.callers, target, flow)];
      }
      return callerRules(flow, target);
    default:
      return callerRules(flow, target);
  }
}

/** Rules for a flow whose callers are listed one by one (a service, role holders, a zone with exceptions). */
function callerRules(flow: FlowModel, target: ServiceModel): IngressRule[] {
  const from = flow.callers.map((c) => servicePeer(c, target.namespace));
  const proxied = flow.callers.filter((c) => needsProxyInbound(c, target, flow.ports));
  if (proxied.length === flow.callers.length && proxied.length > 0) {
    return [{ from, ports: flowPorts(flow.ports, true) }];
  }
  return [{ from, ports: flowPorts(flow.ports, false) }, ...proxyInboundRule(flow.callers, target, flow)];
}

function proxyInboundRule(callers: readonly ServiceModel[], target: ServiceModel, flow: FlowModel): IngressRule[] {
  const proxied = callers.filter((c) => needsProxyInbound(c, target, flow.ports));
  return proxied.length > 0 ? [{ from: proxied.map((c) => servicePeer(c, target.namespace)), ports: [tcpPort(LINKERD_PORTS.proxyInbound)] }] : [];
}

function serviceIngress(model: BlueprintModel, service: ServiceModel): IngressRule[] {
  const rules = (model.connectivity.inbound.get(service) ?? []).flatMap((f) => flowIngressRules(model, f, service));
  if (needsOwnProxyOpenings(model, service)) {
    for (const scraper of model.connectivity.scrapers.filter((s) => s !== service)) {
      rules.push({ from: [servicePeer(scraper, service.namespace)], ports: [tcpPort(LINKERD_PORTS.proxyAdmin)] });
    }
  }
  return rules;
}

function serviceEgress(model: BlueprintModel, service: ServiceModel): EgressRule[] {
  const outbound = model.connectivity.outbound.get(service) ?? [];
  const callRule = (f: FlowModel): EgressRule => ({ to: [servicePeer(f.target, service.namespace)], ports: flowPorts(f.ports, needsProxyInbound(service, f.target, f.ports)) });
  const rules: EgressRule[] = outbound.filter((f) => f.purpose === FlowPurpose.DECLARED).map(callRule);
  for (const e of service.egress) {
    rules.push({ to: ipBlockPeers(e.cidrs), ports: e.ports.map((p) => ({ protocol: e.protocol, port: IntOrString.fromNumber(p) })) });
  }
  if (needsOwnProxyOpenings(model, service)) {
    rules.push(controlPlaneEgress(model));
  }
  if (service.metricsScraper) {
    rules.push(...scraperProxyEgress(model, service));
    rules.push(...outbound.filter((f) => f.purpose === FlowPurpose.METRICS).map(callRule));
  }
  return rules;
}

/** The scraper reaches every proxy's admin port: zone-wide where every pod is meshed, else per meshed workload. */
function scraperProxyEgress(model: BlueprintModel, scraper: ServiceModel): EgressRule[] {
  const rules: EgressRule[] = [];
  const proxyAdmin = [tcpPort(LINKERD_PORTS.proxyAdmin)];
  for (const zone of model.zones) {
    const meshing = model.connectivity.meshing.get(zone);
    if (meshing?.zoneWide) {
      rules.push({ to: [zonePeer(zone, scraper.namespace)], ports: proxyAdmin });
    } else {
      for (const s of meshing?.meshedServices ?? []) {
        rules.push({ to: [servicePeer(s, scraper.namespace)], ports: proxyAdmin });
      }
    }
  }
  rules.push({ to: [{ namespaceSelector: namespaceSelector(model.linkerd.namespace) }], ports: proxyAdmin });
  return rules;
}
