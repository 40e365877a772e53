import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { declaredEdgeProxy } from '../support/edge-proxy';
import { roleHolders } from '../support/role-closure';
import { EXAMPLE_BLUEPRINT, exampleProps } from '../support/synth';
import { repoRoot } from '../support/tools';
import { generatedBlueprints } from './generated';
import { runCli, runInProcess, writeBlueprint } from './cli-run';

const OPEN = ['0.0.0.0/0', '::/0'];
type FlowEntry = NonNullable<ZeroTrustBlueprintProps['services'][number]['allowFrom']>[number];

/**
 * The flows a blueprint declares, as `caller -> target: ports` lines, from the blueprint text alone. With an
 * edge, the edge service's call to an exposed API's port is its Envoy proxy's (the entry keeps its other
 * ports, and on that port its other callers), and the proxy fetches the JWKS from Keycloak.
 */
function declaredEdges(props: ZeroTrustBlueprintProps): string[] {
  const zoneMeshed = (zone: string) => (props.zones ?? []).find((z) => z.name === zone)?.meshed ?? true;
  const node = (name: string) => {
    const s = props.services.find((x) => x.name === name)!;
    return (s.meshed ?? zoneMeshed(s.zone)) ? name : `${name} (not meshed)`;
  };
  const networks = new Map((props.adminNetworks ?? []).map((n) => [n.name, n.cidrs]));
  const edges: string[] = [];
  const edge = declaredEdgeProxy(props);
  const proxyLabel = edge ? `edge proxy of ${edge.edgeService} (${edge.key})` : '';
  const proxied = new Map<string, string>();
  for (const target of props.services) {
    const ports = (names?: string[]) => (target.ports ?? []).filter((p) => !names || names.includes(p.name)).map((p) => `${p.name} ${p.port}`).join(', ');
    const apiPort = edge?.apiPorts.get(target.name);
    for (const from of target.allowFrom ?? []) {
      const selected = (target.ports ?? []).map((p) => p.name).filter((n) => !from.ports || from.ports.includes(n));
      if (edge && apiPort && selected.includes(apiPort) && callsFromEdge(props, from, target.name, edge.edgeService)) {
        proxied.set(target.name, `${proxyLabel} -> ${node(target.name)}: ${ports([apiPort])}`);
        const rest = selected.filter((n) => n !== apiPort);
        if (rest.length > 0) {
          edges.push(`${callerLabel(from)} -> ${node(target.name)}: ${ports(rest)}`);
        }
        const others = from.zone
          ? props.services.some((s) => s.zone === from.zone && ![target.name, edge.edgeService, ...(from.except ?? [])].includes(s.name))
          : from.roles ? roleHolders(props, props.services, from.roles).some((s) => s !== target.name && s !== edge.edgeService) : false;
        if (others) {
          const label = from.zone ? `every service of ${from.zone} except ${[...(from.except ?? []), edge.edgeService].join(', ')}` : callerLabel(from);
          edges.push(`${label} -> ${node(target.name)}: ${ports([apiPort])}`);
        }
        continue;
      }
      const caller = callerLabel(from);
      const why = from.zoneRuleException ? ` (exception: ${from.zoneRuleException})` : '';
      edges.push(`${caller} -> ${node(target.name)}: ${ports(from.ports)}${why}`);
    }
    for (const scraper of props.services.filter((s) => s.metricsScraper && s !== target)) {
      const metrics = (target.ports ?? []).filter((p) => p.metrics).map((p) => p.name);
      if (metrics.length > 0) {
        edges.push(`${node(scraper.name)} -> ${node(target.name)}: scrape ${ports(metrics)}`);
      }
    }
  }
  edges.push(...proxied.values());
  const keycloak = edge?.jwks && props.services.find((s) => s.name === edge.jwks!.service);
  if (keycloak) {
    const port = keycloak.ports!.find((p) => p.name === edge!.jwks!.port)!;
    edges.push(`${proxyLabel} -> ${node(keycloak.name)}: ${port.name} ${port.port}`);
  }
  return edges.sort();

  function callerLabel(from: FlowEntry): string {
    return from.service ? node(from.service)
        : from.zone ? `every service of ${from.zone}${from.except?.length ? ` except ${from.except.join(', ')}` : ''}`
          : from.roles ? `holders of role ${[...from.roles].sort().join(' or ')}`
            : from.internet ? (!from.cidrs || from.cidrs.every((c) => OPEN.includes(c)) ? 'internet' : `internet ${from.cidrs.join(', ')}`)
              : from.adminNetwork ? `admin network ${from.adminNetwork} (${networks.get(from.adminNetwork)!.join(', ')})`
                : `workload ${from.workload!.namespace}/${from.workload!.serviceAccount}`;
  }
}

/** Whether the edge service is among an entry's callers (as the blueprint text says: by name, zone or role). */
function callsFromEdge(props: ZeroTrustBlueprintProps, from: FlowEntry, target: string, edge: string): boolean {
  if (edge === target) return false;
  if (from.service) return from.service === edge;
  if (from.zone) return props.services.find((s) => s.name === edge)!.zone === from.zone && !(from.except ?? []).includes(edge);
  if (from.roles) return roleHolders(props, props.services, from.roles).includes(edge);
  return false;
}

/** The edges of a Mermaid flowchart, with node ids replaced by their labels. */
function mermaidEdges(mermaid: string): string[] {
  const labels = new Map([...mermaid.matchAll(/^\s+(\w+)(?:\(\(|\[\[|\(\[|\[)"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
  return [...mermaid.matchAll(/^\s+(\w+) (?:-->|-\.->)\|"([^"]*)"\| (\w+)$/gm)].map((m) => `${labels.get(m[1])} -> ${labels.get(m[3])}: ${m[2]}`).sort();
}

function dotEdges(dot: string): string[] {
  const labels = new Map([...dot.matchAll(/^\s+(\w+) \[label="([^"]*)", shape=/gm)].map((m) => [m[1], m[2]]));
  return [...dot.matchAll(/^\s+(\w+) -> (\w+) \[label="([^"]*)"/gm)].map((m) => `${labels.get(m[1])} -> ${labels.get(m[2])}: ${m[3]}`).sort();
}

describe('cdk8s-zero-trust graph', () => {
  it('draws exactly the declared flows of the reference platform, zones as subgraphs (child process)', () => {
    const r = runCli(['graph', EXAMPLE_BLUEPRINT]);
    expect(r.status).toBe(0);
    const props = exampleProps();
    expect(mermaidEdges(r.stdout)).toEqual(declaredEdges(props));
    for (const zone of props.zones!) {
      const block = new RegExp(`subgraph zone_${zone.name}\\["[^"]*"\\]\\n((?:    .*\\n)*)  end`).exec(r.stdout);
      expect(block, zone.name).not.toBeNull();
      const inZone = props.services.filter((s) => s.zone === zone.name).map((s) => `svc_${s.name.replace(/-/g, '_')}`);
      expect([...block![1].matchAll(/^    (svc_\w+)/gm)].map((m) => m[1])).toEqual(inZone);
    }
  });

  it.each(generatedBlueprints(6).map((props) => ({ props })))('draws exactly the declared flows of generated blueprint %#, in Mermaid and DOT', ({ props }) => {
    const file = writeBlueprint(props, undefined, 'generated.json');
    const mermaid = runInProcess(['graph', file]);
    const dot = runInProcess(['graph', file, '--format', 'dot']);
    expect(mermaid.status).toBe(0);
    expect(dot.status).toBe(0);
    expect(mermaidEdges(mermaid.stdout)).toEqual(declaredEdges(props));
    expect(dotEdges(dot.stdout)).toEqual(declaredEdges(props));
    expect(runInProcess(['graph', file]).stdout).toBe(mermaid.stdout); // deterministic
  });

  it('the README shows the reference platform as the CLI draws it', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const block = /<!-- graph: npx cdk8s-zero-trust graph examples\/reference-platform\/blueprint\.yaml -->\n```mermaid\n([\s\S]*?)```/.exec(readme);
    expect(block, 'README.md has no generated diagram block').not.toBeNull();
    expect(block![1]).toBe(runInProcess(['graph', EXAMPLE_BLUEPRINT]).stdout);
  });
});
