import { BlueprintModel, FlowModel, FlowPurpose, FlowSourceKind, ServiceModel } from '../model';

/** A node of the flow graph: a blueprint service (in its zone) or a caller outside the services. */
export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'service' | 'zone-callers' | 'role-holders' | 'internet' | 'admin-network' | 'workload';
  /** The zone whose subgraph holds the node (services and zone callers). */
  readonly zone?: string;
}

/** An allowed flow: a caller, a target service and the target's ports. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `<port name> <port>` of the target's ports, in the target's order. */
  readonly ports: string[];
  readonly purpose: 'declared' | 'metrics';
  /** The reviewed reason of a flow that crosses zones without a zone rule. */
  readonly zoneRuleException?: string;
}

export interface FlowGraph {
  readonly zones: ReadonlyArray<{ readonly id: string; readonly label: string; readonly name: string }>;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The declared flows of a blueprint as a graph: zones (as subgraphs) with their services, every caller
 * as it is declared (a whole zone, the holders of roles, the internet, an admin network, an outside
 * workload; never expanded, so the diagram shows what the blueprint says), and the metrics flows of the
 * scraper. With an edge, its calls to the exposed APIs are drawn from the edge's Envoy proxy, which makes
 * them on the cluster (as the NetworkPolicies and Linkerd objects admit it), along with its JWKS fetch. Node order and ids follow the blueprint, so the same blueprint gives the same diagram.
 */
export function flowGraph(model: BlueprintModel): FlowGraph {
  const nodes = new Map<string, GraphNode>();
  const add = (node: GraphNode) => {
    if (!nodes.has(node.id)) {
      nodes.set(node.id, node);
    }
    return node.id;
  };
  for (const s of model.services) {
    add({ id: serviceId(s), label: s.meshed ? s.name : `${s.name} (not meshed)`, kind: 'service', zone: s.zone.name });
  }
  const internetIds = new Map<string, string>();
  const edges: GraphEdge[] = [];
  for (const target of model.services) {
    for (const flow of model.connectivity.inbound.get(target) ?? []) {
      edges.push({
        from: add(callerNode(flow, internetIds, model)),
        to: serviceId(target),
        ports: flow.ports.map((p) => `${p.name} ${p.port}`),
        purpose: flow.purpose === FlowPurpose.METRICS ? 'metrics' : 'declared',
        ...(flow.zoneRuleException ? { zoneRuleException: flow.zoneRuleException } : {}),
      });
    }
  }
  const zones = model.zones.map((z) => ({ id: safeId('zone', z.name), name: z.name, label: z.role === z.name ? z.name : `${z.name} (${z.role})` }));
  return { zones, nodes: [...nodes.values()], edges };
}

function callerNode(flow: FlowModel, internetIds: Map<string, string>, model: BlueprintModel): GraphNode {
  const source = flow.source;
  switch (source.kind) {
    case FlowSourceKind.SERVICE:
      return { id: serviceId(source.service), label: source.service.name, kind: 'service', zone: source.service.zone.name };
    case FlowSourceKind.ZONE: {
      const except = source.except.map((s) => s.name);
      return {
        id: safeId('zone-callers', [source.zone.name, ...except].join('--')),
        label: except.length > 0 ? `every service of ${source.zone.name} except ${except.join(', ')}` : `every service of ${source.zone.name}`,
        kind: 'zone-callers',
        zone: source.zone.name,
      };
    }
    case FlowSourceKind.ROLES:
      return { id: safeId('roles', source.roles.join('--')), label: `holders of role ${source.roles.join(' or ')}`, kind: 'role-holders' };
    case FlowSourceKind.INTERNET: {
      const key = source.cidrs.join(',');
      const id = internetIds.get(key) ?? (internetIds.size === 0 ? 'internet' : `internet_${internetIds.size + 1}`);
      internetIds.set(key, id);
      const open = source.cidrs.every((c) => c === '0.0.0.0/0' || c === '::/0');
      return { id, label: open ? 'internet' : `internet ${source.cidrs.join(', ')}`, kind: 'internet' };
    }
    case FlowSourceKind.ADMIN_NETWORK:
      return { id: safeId('admin-network', source.network.name), label: `admin network ${source.network.name} (${source.network.cidrs.join(', ')})`, kind: 'admin-network' };
    case FlowSourceKind.WORKLOAD: {
      const { namespace, serviceAccountName } = source.workload;
      const proxy = model.edge?.proxy;
      const isEdgeProxy = proxy?.namespace === namespace && proxy.serviceAccount === serviceAccountName;
      const label = isEdgeProxy ? `edge proxy of ${model.edge!.service.name} (${namespace}/${serviceAccountName})` : `workload ${namespace}/${serviceAccountName}`;
      return { id: safeId('workload', `${namespace}--${serviceAccountName}`), label, kind: 'workload' };
    }
  }
}

function serviceId(s: ServiceModel): string {
  return safeId('svc', s.name);
}

/** Ids both Mermaid and DOT take unquoted: letters, digits and underscores (names are DNS labels). */
function safeId(prefix: string, name: string): string {
  return `${prefix}_${name}`.replace(/[^A-Za-z0-9]/g, '_');
}
