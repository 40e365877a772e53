// The library's typed classes (lib/rendering/typed-objects.ts) construct their objects without the
// generated constructor, whose `{ ...GVK, ...props }` gives every object's props a hidden class of its own
// in Node 20. The oracle is the generated class itself: the same props (keys, order and values), the same
// object fields, an instance of the generated class, on generated props.
import { ApiObject, App, Chart } from 'cdk8s';
import { KubeNetworkPolicy, KubeService, KubeServiceAccount } from 'cdk8s-plus-27/lib/imports/k8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthorizationPolicy, HttpRouteV1Beta3, MeshTlsAuthentication, NetworkAuthentication, ServerV1Beta3 } from '../../lib/imports/policy.linkerd.io';
import * as typed from '../../lib/rendering/typed-objects';
import { runs, seed } from '../property/settings';

const PAIRS: [string, any, any][] = [
  ['KubeNetworkPolicy', typed.KubeNetworkPolicy, KubeNetworkPolicy],
  ['KubeService', typed.KubeService, KubeService],
  ['KubeServiceAccount', typed.KubeServiceAccount, KubeServiceAccount],
  ['ServerV1Beta3', typed.ServerV1Beta3, ServerV1Beta3],
  ['AuthorizationPolicy', typed.AuthorizationPolicy, AuthorizationPolicy],
  ['MeshTlsAuthentication', typed.MeshTlsAuthentication, MeshTlsAuthentication],
  ['NetworkAuthentication', typed.NetworkAuthentication, NetworkAuthentication],
  ['HttpRouteV1Beta3', typed.HttpRouteV1Beta3, HttpRouteV1Beta3],
];

const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 }));
/** Props as callers pass them: metadata, a spec, sometimes other keys (a GVK key included, which the spread lets through). */
const props = fc.record({
  metadata: fc.record({ name: fc.string({ minLength: 1, maxLength: 5 }), namespace: fc.string({ maxLength: 3 }), labels: fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }) }, { requiredKeys: ['name'] }),
  spec: fc.dictionary(fc.string({ maxLength: 4 }), value, { maxKeys: 3 }),
  extra: fc.dictionary(fc.constantFrom('apiVersion', 'kind', 'zz', 'aa'), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
}, { requiredKeys: ['metadata'] }).map(({ extra, ...known }) => ({ ...known, ...extra }));

/** What an ApiObject keeps of its construction, in the order it keeps it. */
const kept = (o: ApiObject) => JSON.stringify({
  props: (o as any).props, name: o.name, kind: o.kind, apiVersion: o.apiVersion, apiGroup: o.apiGroup, metadata: o.metadata.toJson(), path: o.node.path,
}, (_k, v) => (v === undefined ? '<undefined>' : v));

describe('the library\'s typed classes', () => {
  it.each(PAIRS)('construct a %s as its generated class does', (_, Typed, Generated) => {
    fc.assert(fc.property(props, (p) => {
      const mine = new Typed(new Chart(new App(), 'c'), 'o', p);
      const theirs = new Generated(new Chart(new App(), 'c'), 'o', p);
      expect(kept(mine)).toBe(kept(theirs));
      expect(mine).toBeInstanceOf(Generated);
      expect(Typed.GVK).toBe(Generated.GVK);
      expect(Object.getPrototypeOf(Object.getPrototypeOf(mine))).toBe(Generated.prototype);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 100) });
  });

  it.each(PAIRS)('give every %s\'s props the same keys in the same order, from the props passed', (_, Typed) => {
    const chart = new Chart(new App(), 'c');
    const a = new Typed(chart, 'a', { metadata: { name: 'a' }, spec: { x: 1 } });
    const b = new Typed(chart, 'b', { metadata: { name: 'b' }, spec: { x: 2 } });
    expect(Object.keys((a as any).props)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys((b as any).props)).toEqual(Object.keys((a as any).props));
    expect((b as any).props.spec).toEqual({ x: 2 });
  });
});
