import { FlowGraph, GraphEdge, GraphNode } from './flow-graph';

/** The flow graph as a Mermaid flowchart: zones as subgraphs, metrics flows dotted. */
export function toMermaid(graph: FlowGraph): string {
  const lines = ['flowchart LR'];
  for (const node of graph.nodes.filter((n) => n.zone === undefined)) {
    lines.push(`  ${node.id}${shape(node)}`);
  }
  for (const zone of graph.zones) {
    lines.push(`  subgraph ${zone.id}["${text(zone.label)}"]`);
    graph.nodes.filter((n) => n.zone === zone.name).forEach((n) => lines.push(`    ${n.id}${shape(n)}`));
    lines.push('  end');
  }
  for (const edge of graph.edges) {
    lines.push(`  ${edge.from} ${edge.purpose === 'metrics' ? '-.->' : '-->'}|"${text(label(edge))}"| ${edge.to}`);
  }
  return `${lines.join('\n')}\n`;
}

function shape(node: GraphNode): string {
  const t = text(node.label);
  switch (node.kind) {
    case 'service': return `["${t}"]`;
    case 'internet': return `(("${t}"))`;
    case 'zone-callers': return `[["${t}"]]`;
    default: return `(["${t}"])`;
  }
}

/** The edge label: the ports, the purpose of a metrics flow, the reason of a zone-rule exception. */
export function label(edge: GraphEdge): string {
  const ports = edge.ports.join(', ');
  if (edge.purpose === 'metrics') {
    return `scrape ${ports}`;
  }
  return edge.zoneRuleException ? `${ports} (exception: ${edge.zoneRuleException})` : ports;
}

/** Mermaid labels in double quotes take any text but `"`, written as an entity. */
function text(s: string): string {
  return s.replace(/"/g, '#quot;');
}
