import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { workloadTemplates } from '../../lib/analysis/workload-templates';
import { describe, expect, it } from 'vitest';
import { MeshPolicyMode } from '../../lib';
import { SchemaValidator } from '../support/k8s-schemas';
import { exampleProps, synthBlueprint, synthExample } from '../support/synth';
import { runKubeconform } from '../support/tools';
import { declaredEdgeProxy } from '../support/edge-proxy';
import { linkerdObjects, meshBlueprint, withMesh } from './fixtures';

const outputs: Record<string, any[]> = {
  'reference platform': synthExample().manifests,
  'mesh fixture': synthBlueprint(meshBlueprint(), { workloads: true }),
  'mesh fixture in audit mode': synthBlueprint(withMesh((b) => { b.mesh = { mode: MeshPolicyMode.AUDIT }; }), { workloads: true }),
};

/**
 * ServiceAccounts of callers outside the blueprint (`allowFrom[].workload`, the edge's Envoy proxy), from the
 * blueprint text: they live elsewhere.
 */
const outsideIdentities = new Set([exampleProps(), meshBlueprint()].flatMap((p) => [...p.services.flatMap((s) => (s.allowFrom ?? [])
  .filter((f) => f.workload).map((f) => `${f.workload!.namespace}/${f.workload!.serviceAccount}`)), ...[declaredEdgeProxy(p)?.key ?? []].flat()]));


/** Label selector semantics for the selectors the library writes (matchLabels, Exists). */
function selects(selector: any, labels: Record<string, string>): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
    && (selector.matchExpressions ?? []).every((e: any) => e.operator === 'Exists' && e.key in labels);
}

/** Pods as Linkerd's injector leaves them: meshed pods carry linkerd.io/control-plane-ns and the linkerd-admin port. */
function pods(manifests: any[]) {
  // Deployments, and the pods the Keycloak operator makes from the Keycloak CR.
  return workloadTemplates(manifests).map(({ name, namespace, template }) => {
    const meshed = template.metadata?.annotations?.['linkerd.io/inject'] === 'enabled';
    return {
      id: `${namespace}/${name}`,
      namespace,
      labels: { ...template.metadata.labels, ...(meshed ? { 'linkerd.io/control-plane-ns': 'linkerd' } : {}) },
      ports: [...template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name)), ...(meshed ? ['linkerd-admin'] : [])],
    };
  });
}

describe.each(Object.entries(outputs))('Linkerd objects of the %s', (_, manifests) => {
  const objects = linkerdObjects(manifests);
  const has = (kind: string, ns: string, name: string) => manifests.some((m) => m.kind === kind && m.metadata.namespace === ns && m.metadata.name === name);

  it('are all of the expected kinds and versions', () => {
    expect(new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`))).toEqual(new Set([
      'policy.linkerd.io/v1beta3 Server', 'policy.linkerd.io/v1beta3 HTTPRoute', 'policy.linkerd.io/v1alpha1 AuthorizationPolicy',
      'policy.linkerd.io/v1alpha1 MeshTLSAuthentication', 'policy.linkerd.io/v1alpha1 NetworkAuthentication',
    ]));
  });

  it('validate against the Linkerd 2.20 CRD schemas with ajv', () => {
    expect(new SchemaValidator({ linkerd220: true }).validateAll(objects)).toEqual([]);
  });

  it('pass kubeconform -strict against the Linkerd 2.20 schemas', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zt-mesh-')), 'mesh.yaml');
    writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
    const result = runKubeconform([file], { linkerd220: true });
    expect(result.resources.filter((r) => r.status !== 'statusValid').map((r) => `${r.kind} ${r.name}: ${r.msg}`)).toEqual([]);
    expect(result).toMatchObject({ valid: objects.length, invalid: 0, missing: 0, errors: 0 });
  });

  it('have AuthorizationPolicy targets in their own namespace', () => {
    for (const p of objects.filter((o) => o.kind === 'AuthorizationPolicy')) {
      const t = p.spec.targetRef;
      expect(['Server', 'HTTPRoute'], p.metadata.name).toContain(t.kind);
      const target = objects.find((o) => o.kind === t.kind && o.metadata.namespace === p.metadata.namespace && o.metadata.name === t.name);
      expect(target, `${p.metadata.namespace}/${p.metadata.name} -> ${t.kind}/${t.name}`).toBeDefined();
      expect(target.apiVersion.split('/')[0]).toBe(t.group);
    }
  });

  it('refer only to authentications and ServiceAccounts present in the output (a missing ref disables a policy)', () => {
    for (const p of objects.filter((o) => o.kind === 'AuthorizationPolicy')) {
      for (const r of p.spec.requiredAuthenticationRefs) {
        expect(has(r.kind, r.namespace ?? p.metadata.namespace, r.name), `${p.metadata.name} -> ${r.kind}/${r.name}`).toBe(true);
      }
    }
    for (const a of objects.filter((o) => o.kind === 'MeshTLSAuthentication')) {
      for (const r of a.spec.identityRefs) {
        const present = has('ServiceAccount', r.namespace, r.name) || outsideIdentities.has(`${r.namespace}/${r.name}`);
        expect(present, `${a.metadata.name} -> ServiceAccount ${r.namespace}/${r.name}`).toBe(true);
      }
    }
  });

  it('attach every HTTPRoute to a Server of its namespace', () => {
    for (const r of objects.filter((o) => o.kind === 'HTTPRoute')) {
      expect(r.spec.parentRefs).toHaveLength(1);
      expect(has('Server', r.metadata.namespace, r.spec.parentRefs[0].name)).toBe(true);
    }
  });

  it('select each pod port with at most one Server, and only ports the bound workloads declare', () => {
    const all = pods(manifests);
    const claims = new Map<string, string[]>();
    for (const s of objects.filter((o) => o.kind === 'Server')) {
      const selected = all.filter((p) => p.namespace === s.metadata.namespace && selects(s.spec.podSelector, p.labels));
      expect(selected.length, `Server ${s.metadata.namespace}/${s.metadata.name} selects no workload`).toBeGreaterThan(0);
      for (const pod of selected) {
        expect(pod.ports, `Server ${s.metadata.name} on ${pod.id}`).toContain(s.spec.port);
        const key = `${pod.id}:${s.spec.port}`;
        claims.set(key, [...(claims.get(key) ?? []), s.metadata.name]);
      }
    }
    expect([...claims].filter(([, servers]) => servers.length > 1)).toEqual([]);
  });
});
