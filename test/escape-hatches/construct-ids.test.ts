import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { scaleBlueprint } from '../../bench/scale-blueprint';

// The constructs library keeps a construct's children in an object keyed by their ids. When thousands of
// constructs each start that object with a different id, V8's empty-object shape gets as many transitions
// and every later object literal in the process slows down (cdk8s's YAML writer took five times as long at
// 5,000 services). So the first child id of a construct must come from a fixed set, not from service names.

function firstChildIds(services: number): Set<string> {
  const chart = new Chart(Testing.app(), 'test');
  new ZeroTrustBlueprint(chart, 'bp', scaleBlueprint(services));
  const ids = new Set<string>();
  for (const c of chart.node.findAll() as Construct[]) {
    const [first] = c.node.children;
    if (first) ids.add(first.node.id);
  }
  return ids;
}

describe('construct ids at scale', () => {
  it('the first child ids of the tree are the same set whatever the number of services', () => {
    const small = firstChildIds(60);
    const large = firstChildIds(600);
    expect([...large].filter((id) => !small.has(id))).toEqual([]);
    expect(large.size).toBeLessThan(60);
  });

  it("a service's NetworkPolicies are the children `ingress` and `egress`, named `<service>-ingress` and `<service>-egress`", () => {
    const chart = new Chart(Testing.app(), 'test');
    const bp = new ZeroTrustBlueprint(chart, 'bp', scaleBlueprint(10));
    const policies = bp.service('svc-1').node.findChild('NetworkPolicies');
    expect(policies.node.children.map((c) => c.node.id)).toEqual(['ingress', 'egress']);
    expect(Chart.of(policies).toJson().filter((d: any) => d.kind === 'NetworkPolicy' && d.metadata.name.startsWith('svc-1-')).map((d: any) => d.metadata.name).sort())
      .toEqual(['svc-1-egress', 'svc-1-ingress']);
  });
});
