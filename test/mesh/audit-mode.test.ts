import { describe, expect, it } from 'vitest';
import { MeshPolicyMode } from '../../lib';
import { synthBlueprint } from '../support/synth';
import { withMesh } from './fixtures';

/** Every leaf of a JSON value as `path = value`. */
function leaves(value: any, path = ''): string[] {
  if (value === null || typeof value !== 'object') {
    return [`${path} = ${JSON.stringify(value)}`];
  }
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}/${k}`));
}

describe('audit mode', () => {
  const deny = synthBlueprint(withMesh((b) => { b.mesh = { mode: MeshPolicyMode.DENY }; }), { workloads: true });
  const audit = synthBlueprint(withMesh((b) => { b.mesh = { mode: MeshPolicyMode.AUDIT }; }), { workloads: true });

  it('emits the same objects as deny', () => {
    const ids = (ms: any[]) => ms.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`);
    expect(ids(audit)).toEqual(ids(deny));
  });

  it('differs from deny only in the policy values', () => {
    const changed: string[] = [];
    deny.forEach((d, i) => {
      const a = new Set(leaves(audit[i]));
      leaves(d).filter((l) => !a.has(l)).forEach((l) => changed.push(`${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}${l.split(' = ')[0]}`));
    });
    expect(changed.length).toBeGreaterThan(0);
    for (const c of changed) {
      // The mesh alerts follow the mode too: denials in deny, would-be denials in audit (docs/audit.md).
      expect(c).toMatch(/^(Server \S+\/spec\/accessPolicy|Namespace \/\S+\/metadata\/annotations\/config\.linkerd\.io\/default-inbound-policy|PrometheusRule \S+\/zero-trust-mesh-authorization\/spec\/groups\/.*)$/);
    }
    const meshAlerts = (ms: any[]) => ms.filter((m) => m.metadata.name === 'zero-trust-mesh-authorization')
      .flatMap((m) => m.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert)));
    expect(new Set(meshAlerts(audit))).toEqual(new Set(['LinkerdAuditWouldDeny']));
    expect(meshAlerts(deny)).not.toContain('LinkerdAuditWouldDeny');
    expect(audit.filter((m) => m.kind === 'Server').every((s) => s.spec.accessPolicy === 'audit')).toBe(true);
    expect(audit.filter((m) => m.kind === 'Namespace').every((n) => n.metadata.annotations['config.linkerd.io/default-inbound-policy'] === 'audit')).toBe(true);
  });
});
