import { EdgeAccess } from './edge-access';
import { AddressAccess, MeshAccess, NetworkAccess, ServiceExplanation } from './explain-report';
import { roleNames } from './service-account-roles';

/** The text form of `explain`: per service, who reaches it and its blast radius, layer by layer. */
export function explanationText(e: ServiceExplanation): string {
  const lines: string[] = [];
  const what = e.workload ? `${e.workload}, ServiceAccount ${e.serviceAccount ?? 'default'}, ${e.meshed ? 'meshed' : 'not meshed'}` : 'no workload in the manifests: nothing runs it, nothing to analyze';
  lines.push(`${e.service} (namespace ${e.namespace}; ${what})`);
  if (!e.workload) {
    return `${lines.join('\n')}\n`;
  }
  lines.push('  reached by:');
  section(lines, 'NetworkPolicy', e.reachedBy.networkPolicy.map(network));
  section(lines, 'addresses', e.reachedBy.addresses.map(address));
  section(lines, 'Linkerd identity', grouped(e.reachedBy.linkerd));
  section(lines, 'edge token', e.reachedBy.edge.map(edge));
  lines.push(`  blast radius (what a compromised ${e.service} reaches):`);
  section(lines, 'NetworkPolicy', e.blastRadius.networkPolicy.map(network));
  section(lines, 'addresses', e.blastRadius.addresses.map(address));
  section(lines, 'Linkerd identity', grouped(e.blastRadius.linkerd));
  const kc = e.blastRadius.keycloak;
  section(lines, 'Keycloak roles', kc ? [`client ${kc.clientId}: ${list(roleNames(kc.direct))}; with composites: ${list(roleNames(kc.effective))}`] : []);
  return `${lines.join('\n')}\n`;
}

const WIDTH = 18;

function section(lines: string[], layer: string, entries: string[]): void {
  const shown = entries.length > 0 ? entries : ['none'];
  shown.forEach((entry, i) => lines.push(`    ${(i === 0 ? layer : '').padEnd(WIDTH)}${entry}`));
}

function network(a: NetworkAccess): string {
  return `${a.service.padEnd(24)} ${a.ports}${a.notCoveredByMesh ? ` (not covered by the mesh: ${a.notCoveredByMesh})` : ''}`;
}

function address(a: AddressAccess): string {
  return `${a.cidr}${a.except.length > 0 ? ` except ${a.except.join(',')}` : ''}`.padEnd(24) + ` ${a.ports}`;
}

/** One line per other service: its ports (with names) and the routes, if the identity is limited to some. */
function grouped(list: MeshAccess[]): string[] {
  const by = new Map<string, MeshAccess[]>();
  list.forEach((a) => by.set(a.service, [...(by.get(a.service) ?? []), a]));
  return [...by].map(([service, ports]) => `${service.padEnd(24)} ${ports.map((p) => `${p.port}${p.portName ? ` (${p.portName})` : ''}${p.routes.length > 0 ? ` routes ${p.routes.join(',')}` : ''}`).join(', ')}`);
}

function edge(a: EdgeAccess): string {
  const request = `${a.methods.length > 0 ? a.methods.join(',') : 'any method'} ${a.path}${a.pathMatch === 'Exact' ? '' : '*'}`;
  return `${request.padEnd(24)} ${a.public ? 'public: no token' : `token with ${a.requires.join(', ')}`} (${a.policy}, rule ${a.rule})`;
}

function list(names: string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}
