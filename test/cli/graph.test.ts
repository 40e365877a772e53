import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { EXAMPLE_BLUEPRINT, exampleProps } from '../support/synth';
import { repoRoot } from '../support/tools';
import { generatedBlueprints } from './generated';
import { runCli, runInProcess, writeBlueprint } from './cli-run';

const OPEN = ['0.0.0.0/0', '::/0'];

/** The flows a blueprint declares, as `caller -> target: ports` lines, from the blueprint text alone. */
function declaredEdges(props: ZeroTrustBlueprintProps): string[] {
  const zoneMeshed = (zone: string) => (props.zones ?? []).find((z) => z.name === zone)?.meshed ?? true;
  const node = (name: string) => {
    const s = props.services.find((x) => x.name === name)!;
    return (s.meshed ?? zoneMeshed(s.zone)) ? name : `${name} (not meshed)`;
  };
  const networks = new Map((props.adminNetworks ?? []).map((n) => [n.name, n.cidrs]));
  const edges: string[] = [];
  for (const target of props.services) {
    const ports = (names?: string[]) => (target.ports ?? []).filter((p) => !names || names.includes(p.name)).map((p) => `${p.name} ${p.port}`).join(', ');
    for (const from of target.allowFrom ?? []) {
      const caller = from.service ? node(from.service)
        : from.zone ? `every service of ${from.zone}${from.except?.length ? ` except ${from.except.join(', ')}` : ''}`
          : from.roles ? `holders of role ${[...from.roles].sort().join(' or ')}`
            : from.internet ? (!from.cidrs || from.cidrs.every((c) => OPEN.includes(c)) ? 'internet' : `internet ${from.cidrs.join(', ')}`)
              : from.adminNetwork ? `admin network ${from.adminNetwork} (${networks.get(from.adminNetwork)!.join(', ')})`
                : `workload ${from.workload!.namespace}/${from.workload!.serviceAccount}`;
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
  return edges.sort();
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
