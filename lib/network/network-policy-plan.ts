import {
  NetworkPolicyEgressRule as EgressRule,
  NetworkPolicyIngressRule as IngressRule,
  NetworkPolicySpec as PolicySpec,
  IntOrString,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { BlueprintModel, FlowModel, FlowSourceKind, LINKERD_PORTS, ServiceModel, ZoneModel } from '../model';
import { flowPorts, ipBlockPeers, namespaceSelector, servicePeer, tcpPort, zonePeer } from './peers';

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
  if (zone.meshed) {
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
  const meshedNamespaces = [...new Set([...model.zones.filter(hasMeshedPods(model)).map((z) => z.namespace), ...model.linkerd.additionalMeshedNamespaces])];
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

function hasMeshedPods(model: BlueprintModel): (zone: ZoneModel) => boolean {
  return (zone) => zone.meshed || model.services.some((s) => s.zone === zone && s.meshed);
}

function controlPlaneEgress(model: BlueprintModel): EgressRule {
  return {
    to: [{ namespaceSelector: namespaceSelector(model.linkerd.namespace) }],
    ports: [LINKERD_PORTS.identity, LINKERD_PORTS.destination, LINKERD_PORTS.policy].map(tcpPort),
  };
}

function scrapers(model: BlueprintModel): ServiceModel[] {
  return model.services.filter((s) => s.metricsScraper);
}

function scrapeProxyIngress(model: BlueprintModel, namespace: string): IngressRule | undefined {
  const from = scrapers(model).map((s) => servicePeer(s, namespace));
  return from.length > 0 ? { from, ports: [tcpPort(LINKERD_PORTS.proxyAdmin)] } : undefined;
}

function meshedPair(a: { meshed: boolean }, b: { meshed: boolean }): boolean {
  return a.meshed && b.meshed;
}

function flowIngressRule(flow: FlowModel, target: ServiceModel): IngressRule {
  switch (flow.kind) {
    case FlowSourceKind.INTERNET:
      return { from: ipBlockPeers(flow.cidrs), ports: flowPorts(flow.ports, false) };
    case FlowSourceKind.ZONE:
      return { from: [zonePeer(flow.sourceZone!, target.namespace)], ports: flowPorts(flow.ports, meshedPair(flow.sourceZone!, target)) };
    case FlowSourceKind.ROLES:
      // One rule for the role holders the model expanded; the mesh policies admit the same callers.
      return {
        from: flow.callers.map((c) => servicePeer(c, target.namespace)),
        ports: flowPorts(flow.ports, flow.callers.some((c) => meshedPair(c, target))),
      };
    default:
      return { from: [servicePeer(flow.sourceService!, target.namespace)], ports: flowPorts(flow.ports, meshedPair(flow.sourceService!, target)) };
  }
}

function serviceIngress(model: BlueprintModel, service: ServiceModel): IngressRule[] {
  const rules = model.flows.filter((f) => f.target === service).map((f) => flowIngressRule(f, service));
  const metricsPorts = service.ports.filter((p) => p.metrics);
  for (const scraper of scrapers(model).filter((s) => s !== service)) {
    if (metricsPorts.length > 0) {
      rules.push({ from: [servicePeer(scraper, service.namespace)], ports: flowPorts(metricsPorts, meshedPair(scraper, service)) });
    }
    if (service.meshed && !service.zone.meshed) {
      rules.push({ from: [servicePeer(scraper, service.namespace)], ports: [tcpPort(LINKERD_PORTS.proxyAdmin)] });
    }
  }
  return rules;
}

function serviceEgress(model: BlueprintModel, service: ServiceModel): EgressRule[] {
  const rules: EgressRule[] = model.flows
    .filter((f) => f.callers.includes(service))
    .map((f) => ({ to: [servicePeer(f.target, service.namespace)], ports: flowPorts(f.ports, meshedPair(service, f.target)) }));
  for (const e of service.egress) {
    rules.push({ to: ipBlockPeers(e.cidrs), ports: e.ports.map((p) => ({ protocol: e.protocol, port: IntOrString.fromNumber(p) })) });
  }
  if (service.meshed && !service.zone.meshed) {
    rules.push(controlPlaneEgress(model));
  }
  if (service.metricsScraper) {
    rules.push(...scraperEgress(model, service));
  }
  return rules;
}

/** The scraper reaches every proxy's admin port and every declared metrics port. */
function scraperEgress(model: BlueprintModel, scraper: ServiceModel): EgressRule[] {
  const rules: EgressRule[] = [];
  const proxyAdmin = [tcpPort(LINKERD_PORTS.proxyAdmin)];
  for (const zone of model.zones) {
    if (zone.meshed) {
      rules.push({ to: [zonePeer(zone, scraper.namespace)], ports: proxyAdmin });
    } else {
      for (const s of model.services.filter((m) => m.zone === zone && m.meshed)) {
        rules.push({ to: [servicePeer(s, scraper.namespace)], ports: proxyAdmin });
      }
    }
  }
  rules.push({ to: [{ namespaceSelector: namespaceSelector(model.linkerd.namespace) }], ports: proxyAdmin });
  for (const target of model.services.filter((s) => s !== scraper)) {
    const metricsPorts = target.ports.filter((p) => p.metrics);
    if (metricsPorts.length > 0) {
      rules.push({ to: [servicePeer(target, scraper.namespace)], ports: flowPorts(metricsPorts, meshedPair(scraper, target)) });
    }
  }
  return rules;
}
