// The synth-time check remembers its verdict only for the same rendered objects: `app.synth()` validates
// twice per run, but a patch or an added object between two runs must be judged anew.
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { validBlueprint } from '../blueprint/fixtures';

const policy = (chart: Chart, name: string) => chart.node.findAll().filter(ApiObject.isApiObject).find((o) => o.kind === 'NetworkPolicy' && o.name === name)!;

describe('the synth-time layer check, run again', () => {
  it('judges a patch made after a clean synthesis', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new ZeroTrustBlueprint(chart, 'blueprint', validBlueprint());
    expect(() => app.synthYaml()).not.toThrow();
    policy(chart, 'api-ingress').addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
    expect(() => app.synthYaml()).toThrow(/\[ZT-LAYER-001\] the NetworkPolicies block "gateway" -> "api"/);
  });

  it('judges an object added after a clean synthesis, and forgets a problem once it is undone', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', validBlueprint());
    expect(blueprint.node.validate()).toEqual([]);
    const patched = policy(chart, 'db-ingress');
    patched.addJsonPatch(JsonPatch.add('/spec/ingress/-', { from: [{ namespaceSelector: {}, podSelector: {} }], ports: [{ port: 22, protocol: 'TCP' }] }));
    const added = new ApiObject(chart, 'extra-egress', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'extra-egress', namespace: 'app' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 22, protocol: 'TCP' }] }] },
    });
    expect(blueprint.node.validate().join('\n')).toMatch(/\[ZT-LAYER-002\] the NetworkPolicies allow "api" -> "db" on TCP 22/);
    chart.node.tryRemoveChild(added.node.id);
    patched.addJsonPatch(JsonPatch.remove('/spec/ingress/1'));
    expect(blueprint.node.validate()).toEqual([]);
  });
});
