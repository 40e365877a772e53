import { describe, expect, it } from 'vitest';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { declaredConnectivity } from '../support/declared-connectivity';
import { EXAMPLE_BLUEPRINT, exampleProps } from '../support/synth';
import { generatedBlueprints } from './generated';
import { runCli, runInProcess, writeBlueprint } from './cli-run';

type Diff = Record<'connections' | 'identities' | 'roles', { added: any[]; removed: any[] }>;

function diffOf(before: ZeroTrustBlueprintProps | string, after: ZeroTrustBlueprintProps | string): Diff {
  const file = (b: ZeroTrustBlueprintProps | string) => (typeof b === 'string' ? b : writeBlueprint(b, undefined, 'platform.json'));
  const r = runInProcess(['diff', file(before), file(after), '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

const copy = (p: ZeroTrustBlueprintProps): any => JSON.parse(JSON.stringify(p));
const line = (c: any) => `${c.caller} -> ${c.target} ${c.port} ${c.layer}`;

/** Pod-to-pod NetworkPolicy connections the oracle (the blueprint text) has in `a` and not in `b`. */
function declaredOnlyIn(a: ZeroTrustBlueprintProps, b: ZeroTrustBlueprintProps): string[] {
  const lines = (p: ZeroTrustBlueprintProps) => new Set([...declaredConnectivity(p)].filter(([pair]) => !pair.split(' -> ')[0].includes('/'))
    .flatMap(([pair, ports]) => ports.map((port) => `${pair} ${port} NetworkPolicy`)));
  const inB = lines(b);
  return [...lines(a)].filter((l) => !inB.has(l)).sort();
}

const podToPod = (list: any[]) => list.filter((c) => c.layer === 'NetworkPolicy' && !c.caller.includes('/') && !c.target.includes('/')).map(line).sort();

describe('cdk8s-zero-trust diff', () => {
  it('of a blueprint with itself is empty, exit 0 (child process)', () => {
    const text = runCli(['diff', EXAMPLE_BLUEPRINT, EXAMPLE_BLUEPRINT]);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe('No change in connections, identities or roles.\n');
    const json = JSON.parse(runCli(['diff', EXAMPLE_BLUEPRINT, EXAMPLE_BLUEPRINT, '--format', 'json']).stdout);
    expect(json).toEqual({ connections: { added: [], removed: [] }, identities: { added: [], removed: [] }, roles: { added: [], removed: [] } });
  });

  it('adding a flow shows exactly that flow, in both layers; removing it shows it removed', () => {
    const before = exampleProps();
    const after = copy(before);
    after.services.find((s: any) => s.name === 'loki').allowFrom.find((f: any) => f.service === 'grafana').ports = ['http', 'grpc'];
    const added = diffOf(before, after);
    expect(added.connections.added.map(line)).toEqual(['grafana -> loki 9095 (grpc) Linkerd', 'grafana -> loki TCP/9095 NetworkPolicy']);
    expect(podToPod(added.connections.added)).toEqual(declaredOnlyIn(after, before));
    expect([added.connections.removed, added.identities.added, added.identities.removed, added.roles.added, added.roles.removed]).toEqual([[], [], [], [], []]);
    const removed = diffOf(after, before);
    expect(removed.connections.removed.map(line)).toEqual(added.connections.added.map(line));
    expect(removed.connections.added).toEqual([]);
    const text = runInProcess(['diff', writeBlueprint(after), EXAMPLE_BLUEPRINT]);
    expect(text.stdout).toBe('Connections:\n  - grafana -> loki 9095 (grpc) Linkerd\n  - grafana -> loki TCP/9095 NetworkPolicy\n');
  });

  it('shows a new service identity and a changed client role', () => {
    const after = copy(exampleProps());
    after.services.find((s: any) => s.name === 'worker').roles = ['operator'];
    after.services.push({ name: 'reporting', zone: 'app', ports: [{ name: 'http', port: 8080 }] });
    const d = diffOf(EXAMPLE_BLUEPRINT, after);
    expect(d.identities.added).toEqual([{ service: 'reporting', serviceAccount: 'app/reporting' }]);
    expect(d.identities.removed).toEqual([]);
    expect(d.roles.added).toEqual([{ client: 'worker', role: 'operator', direct: true }, { client: 'worker', role: 'viewer', direct: false }]);
    expect(d.roles.removed).toEqual([{ client: 'worker', role: 'viewer', direct: true }]);
  });

  it('removing a flow of a generated blueprint removes exactly what the blueprint text stops declaring', () => {
    let checked = 0;
    for (const props of generatedBlueprints(6)) {
      const target = props.services.findIndex((s) => (s.allowFrom ?? []).some((f) => f.service || f.zone || f.roles));
      if (target < 0) continue;
      const after = copy(props);
      const flows: any[] = after.services[target].allowFrom;
      flows.splice(flows.findIndex((f) => f.service || f.zone || f.roles), 1);
      if (runInProcess(['check', writeBlueprint(after)]).status !== 0) continue; // the flow was needed (a token fetch): not a valid change
      const d = diffOf(props, after);
      expect(podToPod(d.connections.removed)).toEqual(declaredOnlyIn(props, after));
      expect(podToPod(d.connections.added)).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a bad input is an error, not a diff', () => {
    const r = runInProcess(['diff', EXAMPLE_BLUEPRINT, '/nonexistent/platform.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot read /nonexistent/platform.yaml');
  });
});
