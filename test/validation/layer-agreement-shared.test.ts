// The Linkerd half of the layer check evaluates a caller group's authentication once for all the
// Servers that share it: a patch of the shared object must still be reported on every one of them.
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it, vi } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { scaleBlueprint } from '../../bench/scale-blueprint';

/** 59 app services; svc-7 and svc-57 are called by their whole zone, through one shared caller group. */
function problems(edit: (find: (kind: string, name: string) => ApiObject) => void): string[] {
  const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', scaleBlueprint(120));
  const objects = chart.node.findAll().filter(ApiObject.isApiObject);
  edit((kind, name) => objects.find((o) => o.kind === kind && o.name === name)!);
  return blueprint.node.validate();
}

describe('the layer check on a caller group shared by several Servers', () => {
  const shared = 'zone-app-callers';

  it('passes unpatched, evaluated as built', () => {
    vi.stubEnv('CDK8S_ZERO_TRUST_LAYER_CHECK', 'always');
    try {
      expect(problems(() => {})).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports an identity removed from the shared authentication on every Server that uses it', () => {
    const found = problems((find) => find('MeshTLSAuthentication', shared).addJsonPatch(JsonPatch.remove('/spec/identityRefs/0')));
    const refused = found.filter((p) => p.startsWith('[ZT-LAYER-004] Linkerd refuses "svc-0" on port http (TCP 8080) of '));
    expect(refused.map((p) => p.match(/of "([^"]+)"/)![1]).sort()).toEqual(['svc-57', 'svc-7']);
    expect(found).toHaveLength(2);
  });

  it('reports an identity added to the shared authentication on every Server that uses it', () => {
    const found = problems((find) => find('MeshTLSAuthentication', shared).addJsonPatch(JsonPatch.add('/spec/identityRefs/-', { kind: 'ServiceAccount', name: 'db-3', namespace: 'data' })));
    expect(found.filter((p) => p.startsWith('[ZT-LAYER-005] Linkerd admits "db-3" on port http (TCP 8080) of ')).map((p) => p.match(/of "([^"]+)"/)![1]).sort()).toEqual(['svc-57', 'svc-7']);
    expect(found).toHaveLength(2);
  });

  it('tells the two Servers apart when only one of their policies is patched', () => {
    const found = problems((find) => find('AuthorizationPolicy', `svc-57-http-from-${shared}`).addJsonPatch(JsonPatch.replace('/spec/requiredAuthenticationRefs/0/name', 'svc-57-http')));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.includes('of "svc-57"'))).toBe(true);
  });
});
