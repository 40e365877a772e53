import { FlowGraph, GraphNode } from './flow-graph';
import { label } from './mermaid';

/** The flow graph in Graphviz DOT: zones as clusters, metrics flows dashed. */
export function toDot(graph: FlowGraph): string {
  const lines = ['digraph zero_trust {', '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of graph.nodes.filter((n) => n.zone === undefined)) {
    lines.push(`  ${node.id} [label=${quote(node.label)}, shape=${shape(node)}];`);
  }
  for (const zone of graph.zones) {
    lines.push(`  subgraph cluster_${zone.id} {`, `    label=${quote(zone.label)};`);
    graph.nodes.filter((n) => n.zone === zone.name).forEach((n) => lines.push(`    ${n.id} [label=${quote(n.label)}, shape=${shape(n)}];`));
    lines.push('  }');
  }
  for (const edge of graph.edges) {
    lines.push(`  ${edge.from} -> ${edge.to} [label=${quote(label(edge))}${edge.purpose === 'metrics' ? ', style=dashed' : ''}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function shape(node: GraphNode): string {
  switch (node.kind) {
    case 'service': return 'box';
    case 'internet': return 'doublecircle';
    case 'zone-callers': return 'box3d';
    default: return 'ellipse';
  }
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
