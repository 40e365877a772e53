// The synth-time check (ZeroTrustBlueprint's node validation): the rendered layers must agree with the
// blueprint and with each other, so a patched object fails `cdk8s synth` instead of silently weakening
// (or breaking) the platform.
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it, vi } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { validBlueprint } from '../blueprint/fixtures';
import { meshBlueprint } from '../mesh/fixtures';
import { EXAMPLE_BLUEPRINT } from '../support/synth';

/** A chart with the blueprint, changed by `edit`; returns the construct validation errors. */
function problems(edit: (chart: Chart, find: (kind: string, name: string) => ApiObject) => void, props = validBlueprint()): string[] {
  const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
  new ZeroTrustBlueprint(chart, 'blueprint', props);
  const find = (kind: string, name: string) => {
    const found = chart.node.findAll().filter(ApiObject.isApiObject).find((o) => o.kind === kind && o.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  edit(chart, find);
  return chart.node.findAll().flatMap((c) => c.node.validate());
}

describe('the synth-time layer check', () => {
  it('passes the unpatched reference platform and the test fixtures, evaluated as built', () => {
    // `always`: unchanged output is otherwise not evaluated (test/validation/layer-check-mode.test.ts).
    vi.stubEnv('CDK8S_ZERO_TRUST_LAYER_CHECK', 'always');
    try {
      const app = Testing.app();
      ZeroTrustBlueprint.fromFile(new Chart(app, 'reference-platform'), 'blueprint', EXAMPLE_BLUEPRINT);
      expect(() => app.synthYaml()).not.toThrow();
      expect(problems(() => {})).toEqual([]);
      expect(problems(() => {}, meshBlueprint())).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('fails `cdk8s synth` when a patch removes a declared flow, naming the pair and port', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new ZeroTrustBlueprint(chart, 'blueprint', validBlueprint());
    chart.node.findAll().filter(ApiObject.isApiObject).find((o) => o.kind === 'NetworkPolicy' && o.name === 'api-ingress')!
      .addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
    expect(() => app.synthYaml()).toThrow(/\[ZT-LAYER-001\] the NetworkPolicies block "gateway" -> "api" on TCP 4143,8080, which the blueprint declares/);
  });

  it('reports patches that open an undeclared port on both sides', () => {
    expect(problems((_, find) => {
      find('NetworkPolicy', 'db-ingress').addJsonPatch(JsonPatch.add('/spec/ingress/-', {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } }, podSelector: {} }], ports: [{ port: 22, protocol: 'TCP' }],
      }));
      find('NetworkPolicy', 'api-egress').addJsonPatch(JsonPatch.add('/spec/egress/-', { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }] }));
    })).toEqual([
      // cdk8s renders the patched port as `{ protocol: TCP }` (the number is not an IntOrString), which
      // opens every TCP port: the check reports what is rendered, not what the patch meant.
      '[ZT-LAYER-002] the NetworkPolicies allow "api" -> "db" on TCP 1-4142,4144-5431,5433-65535, which no flow declares: a patched or added policy',
    ]);
  });

  it('needs both sides: opening ingress alone to a caller whose egress stays closed is not a connection', () => {
    expect(problems((_, find) => find('NetworkPolicy', 'db-ingress').addJsonPatch(JsonPatch.add('/spec/ingress/-', {
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'management' } }, podSelector: {} }], ports: [{ port: 5432, protocol: 'TCP' }],
    })))).toEqual([]);
  });

  it('reports a pod that no policy isolates any more', () => {
    const nothing = JsonPatch.replace('/spec/podSelector', { matchLabels: { nothing: 'selected' } });
    const found = problems((chart) => {
      chart.node.findAll().filter(ApiObject.isApiObject).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'data').forEach((o) => o.addJsonPatch(nothing));
    });
    expect(found).toContain('[ZT-LAYER-008] no NetworkPolicy isolates "db" (data) for ingress: every pod may reach it; restore the zone\'s default-deny policy');
  });

  it('reports an overlapping Linkerd Server a user adds to the chart', () => {
    expect(problems((chart) => new ApiObject(chart, 'extra-server', {
      apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server',
      metadata: { name: 'api-everything', namespace: 'app' },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, port: 8080, proxyProtocol: 'HTTP/1', accessPolicy: 'all-unauthenticated' },
    }))).toEqual(['[ZT-LAYER-007] Servers "api-http", "api-everything" all select port http (TCP 8080) of "api": Linkerd rejects overlapping Servers; remove the extra one']);
  });

  it('reports a Server patched to admit everyone, and an authentication patched to admit another identity', () => {
    expect(problems((_, find) => find('Server', 'db-postgresql').addJsonPatch(JsonPatch.add('/spec/accessPolicy', 'all-authenticated'))))
      .toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[ZT-LAYER-005\] Linkerd admits "gateway" on port postgresql \(TCP 5432\) of "db", which no flow declares/),
        expect.stringMatching(/^\[ZT-LAYER-005\] Linkerd admits "prometheus" on port postgresql/),
      ]));
    expect(problems((_, find) => find('MeshTLSAuthentication', 'db-postgresql').addJsonPatch(JsonPatch.add('/spec/identityRefs/-', { kind: 'ServiceAccount', name: 'gateway', namespace: 'dmz' }))))
      .toEqual([expect.stringMatching(/^\[ZT-LAYER-005\] Linkerd admits "gateway" on port postgresql \(TCP 5432\) of "db", which no flow declares/)]);
  });

  it('reports a declared identity that a patch removed from the mesh layer', () => {
    expect(problems((_, find) => find('MeshTLSAuthentication', 'db-postgresql').addJsonPatch(JsonPatch.replace('/spec/identityRefs', [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'management' }]))))
      .toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[ZT-LAYER-004\] Linkerd refuses "api" on port postgresql \(TCP 5432\) of "db", which the blueprint declares/),
        expect.stringMatching(/^\[ZT-LAYER-005\] Linkerd admits "prometheus"/),
      ]));
    expect(problems((_, find) => find('Server', 'api-http').addJsonPatch(JsonPatch.replace('/spec/port', 'https'))))
      .toEqual([expect.stringMatching(/^\[ZT-LAYER-006\] no Linkerd Server selects port http \(TCP 8080\) of "api"/)]);
  });

  it('reads an added HTTPRoute whose parentRefs is not a list as attached to nothing, without a TypeError', () => {
    const oddRoute = (chart: Chart, find: (kind: string, name: string) => ApiObject) => {
      const server = find('Server', 'api-http');
      new ApiObject(chart, 'odd-route', {
        apiVersion: 'policy.linkerd.io/v1beta3',
        kind: 'HTTPRoute',
        metadata: { name: 'odd-route', namespace: server.metadata.namespace },
        spec: { parentRefs: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' } },
      });
    };
    expect(problems(oddRoute, meshBlueprint())).toEqual(problems(() => {}, meshBlueprint()));
  });
});
