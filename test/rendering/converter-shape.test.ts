// The generated props converters (`toJson_<Type>Props` of `cdk8s import`) run fused into the library's
// one-walk rendering, from a shape read by probing them. The oracle is the generated code itself: on
// generated values (well-typed, wrongly typed, null, undefined, extra keys, union instances), the shape
// converts exactly as the converter does, and the library's objects render as their generated classes.
import { ApiObject, App, Chart } from 'cdk8s';
import { IntOrString, toJson_KubeNetworkPolicyProps, toJson_KubeServiceAccountProps, toJson_KubeServiceProps } from 'cdk8s-plus-27/lib/imports/k8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  toJson_AuthorizationPolicyProps, toJson_HttpRouteV1Beta3Props, toJson_MeshTlsAuthenticationProps,
  toJson_NetworkAuthenticationProps, toJson_ServerV1Beta3Props,
} from '../../lib/imports/policy.linkerd.io';
import { applyShape, converterShape, ConverterShape } from '../../lib/rendering/converter-shape';
import * as typed from '../../lib/rendering/typed-objects';
import { runs, seed } from '../property/settings';

const CONVERTERS: [string, (props: any) => unknown, new (scope: Chart, id: string, props: any) => ApiObject][] = [
  ['NetworkPolicy', toJson_KubeNetworkPolicyProps, typed.KubeNetworkPolicy],
  ['Service', toJson_KubeServiceProps, typed.KubeService],
  ['ServiceAccount', toJson_KubeServiceAccountProps, typed.KubeServiceAccount],
  ['Server', toJson_ServerV1Beta3Props, typed.ServerV1Beta3],
  ['AuthorizationPolicy', toJson_AuthorizationPolicyProps, typed.AuthorizationPolicy],
  ['MeshTLSAuthentication', toJson_MeshTlsAuthenticationProps, typed.MeshTlsAuthentication],
  ['NetworkAuthentication', toJson_NetworkAuthenticationProps, typed.NetworkAuthentication],
  ['HTTPRoute', toJson_HttpRouteV1Beta3Props, typed.HttpRouteV1Beta3],
];

/** JSON that keeps what JSON.stringify hides: keys whose value is undefined, and holes. */
const exact = (value: unknown) => JSON.stringify(value, (_k, v) => (v === undefined ? '<undefined>' : v));

/** The result of `f`, or the kind of error it throws (the shape must fail where the converter fails). */
function outcome(f: () => unknown): string {
  try {
    return exact(f());
  } catch (e) {
    return `throws ${(e as Error).constructor.name}`;
  }
}

const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -2, max: 70000 }), fc.boolean(), fc.constant(null), fc.constant(undefined));

/** Values for a place of `shape`: mostly what it expects, sometimes anything else. */
function valueOf(shape: ConverterShape, depth: number, plain: boolean): fc.Arbitrary<unknown> {
  const other = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 }));
  const expected = ((): fc.Arbitrary<unknown> => {
    switch (shape.kind) {
      case 'pass':
        return other;
      case 'union':
        return plain
          ? fc.oneof(fc.record({ value: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.string({ maxLength: 4 })) }), scalar)
          : fc.oneof(fc.integer({ min: 1, max: 65535 }).map(IntOrString.fromNumber), fc.string({ maxLength: 4 }).map(IntOrString.fromString), scalar);
      case 'date':
        return fc.constant(undefined);
      case 'list':
        return depth > 4 ? fc.constant(undefined) : fc.array(valueOf(shape.element, depth + 1, plain), { maxLength: 3 });
      case 'map':
        return depth > 4 ? fc.constant(undefined) : fc.dictionary(fc.string({ maxLength: 3 }), valueOf(shape.value, depth + 1, plain), { maxKeys: 2 });
      case 'struct': {
        if (depth > 4) return fc.constant(undefined);
        const fields = Object.fromEntries(shape.fields.map((f) => [f.prop, valueOf(f.shape, depth + 1, plain)]));
        return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('extra', 'zz', 'aa'), scalar, { maxKeys: 1 }))
          .map(([known, extra]) => ({ ...extra, ...known }));
      }
    }
  })();
  return fc.oneof({ weight: 6, arbitrary: expected }, { weight: 1, arbitrary: other });
}

describe('the generated converters, fused into the one-walk rendering', () => {
  it.each(CONVERTERS)('reads the shape of the %s converter', (_, convert) => {
    expect(converterShape(convert)?.kind).toBe('struct');
  });

  it.each(CONVERTERS)('converts rendered %s JSON exactly as the generated converter does', (_, convert) => {
    const shape = converterShape(convert)!;
    fc.assert(fc.property(valueOf(shape, 0, true), (json) => {
      expect(outcome(() => applyShape(shape, json))).toBe(outcome(() => convert(json)));
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 200) });
  });

  it.each(CONVERTERS)('renders generated %s props exactly as the generated class does, key order included', (_, convert, Typed) => {
    const shape = converterShape(convert) as ConverterShape & { kind: 'struct' };
    const withoutMetadata = { ...shape, fields: shape.fields.filter((f) => f.prop !== 'metadata') };
    const sorts = fc.boolean();
    fc.assert(fc.property(valueOf(withoutMetadata, 1, false), sorts, (props, sorted) => {
      const chart = new Chart(new App(), 'c');
      const o = new Typed(chart, 'o', { metadata: { name: 'o', namespace: 'n', labels: { b: '2', a: '1' } }, ...(props as object) });
      const generated = Object.getPrototypeOf(Object.getPrototypeOf(o)).toJson;
      if (!sorted) process.env.CDK8S_DISABLE_SORT = '1';
      try {
        expect(outcome(() => o.toJson())).toBe(outcome(() => generated.call(o)));
      } finally {
        delete process.env.CDK8S_DISABLE_SORT;
      }
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 150) });
  });

  it('keeps a map key named __proto__ as a key, as the converter\'s spread does', () => {
    const json = JSON.parse('{"metadata":{"annotations":{"__proto__":"x","a":"1"},"labels":{"b":"2"}},"spec":{"podSelector":{}}}');
    const shape = converterShape(toJson_KubeNetworkPolicyProps)!;
    expect(exact(applyShape(shape, json))).toBe(exact(toJson_KubeNetworkPolicyProps(json)));
    expect(Object.keys(applyShape(shape, json).metadata.annotations)).toEqual(['__proto__', 'a']);
  });

  it('gives no shape for a converter made of other expressions, which then keeps running as generated', () => {
    expect(converterShape((obj: any) => ({ spec: JSON.stringify(obj.spec) }))).toBeUndefined();
    expect(converterShape((obj: any) => ({ spec: obj.spec?.trim() }))).toBeUndefined();
    const selfContaining = (obj: any): any => (obj === undefined ? undefined : { child: selfContaining(obj.child) });
    expect(converterShape(selfContaining)).toBeUndefined();
  });
});
