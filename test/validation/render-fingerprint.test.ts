// The synth-time check tells "nothing changed since the last verdict" from the layer objects' inputs
// instead of rendering them again: every way the public API changes a rendering must change the digest,
// and an unchanged chart must neither change it nor be rendered a second time. The check evaluates the
// blueprint's unchanged output here too (CDK8S_ZERO_TRUST_LAYER_CHECK=always), as its fingerprint is what
// these tests are about.
import { ApiObject, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { renderStampOf } from '../../lib/rendering/render-stamp';
import * as typed from '../../lib/rendering/typed-objects';
import { LAYER_AGREEMENT_KINDS } from '../../lib/validation/layer-kinds';
import { RenderFingerprint } from '../../lib/validation/render-fingerprint';
import { validBlueprint } from '../blueprint/fixtures';

function platform() {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', validBlueprint());
  const objects = () => chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && LAYER_AGREEMENT_KINDS.has(c.kind));
  const find = (kind: string, name: string) => objects().find((o) => o.kind === kind && o.name === name)!;
  return { app, chart, blueprint, objects, find };
}

/** The digest before and after `change`, with one fingerprint (as the check keeps one). */
function digests(change: (p: ReturnType<typeof platform>) => void): [string, string] {
  const p = platform();
  const fingerprint = new RenderFingerprint();
  const before = fingerprint.digest(p.objects());
  change(p);
  return [before, fingerprint.digest(p.objects())];
}

beforeEach(() => {
  vi.stubEnv('CDK8S_ZERO_TRUST_LAYER_CHECK', 'always');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the layer check\'s render fingerprint', () => {
  it('is stable for an unchanged chart, and equal renderings give equal digests', () => {
    const [before, after] = digests(() => {});
    expect(after).toBe(before);
  });

  it.each<[string, (p: ReturnType<typeof platform>) => void]>([
    ['a JSON patch', (p) => p.find('NetworkPolicy', 'api-ingress').addJsonPatch(JsonPatch.remove('/spec/ingress/0'))],
    ['a label', (p) => p.find('Namespace', 'app').metadata.addLabel('team', 'payments')],
    ['an annotation', (p) => p.find('Server', 'api-http').metadata.addAnnotation('note', 'x')],
    ['a metadata attribute', (p) => p.find('Server', 'api-http').metadata.add('generateName', 'x-')],
    ['a finalizer', (p) => p.find('NetworkPolicy', 'api-ingress').metadata.addFinalizers('example.com/keep')],
    ['an added object', (p) => new ApiObject(p.chart, 'extra', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'extra', namespace: 'app' }, spec: { podSelector: {} } })],
    ['a removed object', (p) => {
      const o = p.find('NetworkPolicy', 'api-ingress');
      expect(o.node.scope!.node.tryRemoveChild(o.node.id)).toBe(true);
    }],
  ])('changes with %s', (_, change) => {
    const [before, after] = digests(change);
    expect(after).not.toBe(before);
  });

  it('sees a change inside a user object\'s props and inside a patch value after the fact', () => {
    const spec: any = { podSelector: {}, policyTypes: ['Ingress'] };
    const value: any = { from: [{ podSelector: {} }] };
    const p = platform();
    const fingerprint = new RenderFingerprint();
    const mine = new ApiObject(p.chart, 'mine', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'mine', namespace: 'app' }, spec });
    p.find('NetworkPolicy', 'api-ingress').addJsonPatch(JsonPatch.add('/spec/ingress/-', value));
    const first = fingerprint.digest(p.objects());
    spec.ingress = [{}];
    const second = fingerprint.digest(p.objects());
    value.from[0].podSelector.matchLabels = { role: 'admin' };
    const third = fingerprint.digest(p.objects());
    expect(new Set([first, second, third]).size).toBe(3);
    expect(mine.toJson().spec.ingress).toEqual([{}]);
    expect(p.find('NetworkPolicy', 'api-ingress').toJson().spec.ingress.at(-1).from).toEqual([{ podSelector: { matchLabels: { role: 'admin' } } }]);
  });

  it('renders an object whose props hold a token, since a token may resolve differently each time', () => {
    let port = 22;
    const p = platform();
    new ApiObject(p.chart, 'lazy', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'lazy', namespace: 'app' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: Lazy.any({ produce: () => port }) }] }] },
    });
    const fingerprint = new RenderFingerprint();
    const first = fingerprint.digest(p.objects());
    expect(fingerprint.digest(p.objects())).toBe(first);
    port = 23;
    expect(fingerprint.digest(p.objects())).not.toBe(first);
  });

  it('renders every object of an app with resolvers of its own, which may change any value', () => {
    let replacement = 'a';
    const app = Testing.app({ resolvers: [{ resolve: (context) => { if (context.value === 'team') context.replaceValue(replacement); } }] });
    const chart = new Chart(app, 'c');
    new ZeroTrustBlueprint(chart, 'blueprint', validBlueprint());
    const namespace = chart.node.findAll().filter(ApiObject.isApiObject).find((o) => o.kind === 'Namespace')!;
    namespace.metadata.addLabel('owner', 'team');
    const objects = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && LAYER_AGREEMENT_KINDS.has(c.kind));
    const fingerprint = new RenderFingerprint();
    const first = fingerprint.digest(objects);
    expect(fingerprint.digest(objects)).toBe(first);
    replacement = 'b';
    expect(fingerprint.digest(objects)).not.toBe(first);
  });

  it('lets app.synth()\'s second validation pass reuse the verdict without rendering the layer objects again', () => {
    const p = platform();
    expect(p.blueprint.node.validate()).toEqual([]);
    const rendered = vi.spyOn(ApiObject.prototype, 'toJson');
    expect(p.blueprint.node.validate()).toEqual([]);
    expect(rendered).not.toHaveBeenCalled();
    p.find('NetworkPolicy', 'api-ingress').addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
    expect(p.blueprint.node.validate().join('\n')).toMatch(/\[ZT-LAYER-001\] the NetworkPolicies block "gateway" -> "api"/);
    expect(rendered).toHaveBeenCalled();
  });

  describe('after the check rendered the library\'s objects (told by their render stamps)', () => {
    /** The digest after the check rendered the objects, and after `change`. */
    function stampDigests(change: (p: ReturnType<typeof platform>) => void): [string, string] {
      const p = platform();
      expect(p.blueprint.node.validate()).toEqual([]);
      const fingerprint = new RenderFingerprint();
      const before = fingerprint.digest(p.objects());
      change(p);
      return [before, fingerprint.digest(p.objects())];
    }

    it('tells the library\'s objects by their stamps, and an unchanged chart keeps its digest', () => {
      const p = platform();
      p.blueprint.node.validate();
      const library = p.objects().filter((o) => Object.values(typed).some((C: any) => Object.getPrototypeOf(o) === C.prototype));
      expect(library.length).toBeGreaterThan(10);
      expect(library.every((o) => renderStampOf(o) !== undefined)).toBe(true);
      const [before, after] = stampDigests(() => {});
      expect(after).toBe(before);
    });

    it.each<[string, (p: ReturnType<typeof platform>) => void]>([
      ['a JSON patch', (p) => p.find('NetworkPolicy', 'api-ingress').addJsonPatch(JsonPatch.remove('/spec/ingress/0'))],
      ['a label', (p) => p.find('Server', 'api-http').metadata.addLabel('team', 'payments')],
      ['a label set to the value it has', (p) => {
        const o = p.find('NetworkPolicy', 'api-ingress');
        o.metadata.addLabel('app.kubernetes.io/managed-by', o.metadata.getLabel('app.kubernetes.io/managed-by')!);
      }],
      ['an annotation', (p) => p.find('Server', 'api-http').metadata.addAnnotation('note', 'x')],
      ['a metadata attribute', (p) => p.find('Server', 'api-http').metadata.add('generateName', 'x-')],
      ['a finalizer', (p) => p.find('NetworkPolicy', 'api-ingress').metadata.addFinalizers('example.com/keep')],
      ['an owner reference', (p) => p.find('NetworkPolicy', 'api-ingress').metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u' })],
      ['the sort switch', () => {
        process.env.CDK8S_DISABLE_SORT = '1';
      }],
      ['an added object', (p) => new ApiObject(p.chart, 'extra', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'extra', namespace: 'app' }, spec: { podSelector: {} } })],
      ['a removed object', (p) => {
        const o = p.find('Server', 'api-http');
        expect(o.node.scope!.node.tryRemoveChild(o.node.id)).toBe(true);
      }],
    ])('changes with %s', (_, change) => {
      try {
        const [before, after] = stampDigests(change);
        expect(after).not.toBe(before);
      } finally {
        delete process.env.CDK8S_DISABLE_SORT;
      }
    });

    it('sees a change inside an object the metadata was given, after the fact', () => {
      const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' };
      const value = { a: '1' };
      const p = platform();
      p.find('Server', 'api-http').metadata.addOwnerReference(owner);
      p.find('NetworkPolicy', 'api-ingress').metadata.add('example', value);
      p.blueprint.node.validate();
      const fingerprint = new RenderFingerprint();
      const first = fingerprint.digest(p.objects());
      owner.name = 'other';
      const second = fingerprint.digest(p.objects());
      value.a = '2';
      expect(new Set([first, second, fingerprint.digest(p.objects())]).size).toBe(3);
    });

    it('lets the second validation pass reuse the verdict without rendering a library object', () => {
      const p = platform();
      expect(p.blueprint.node.validate()).toEqual([]);
      const renderings = Object.values(typed).map((C: any) => vi.spyOn(C.prototype, 'freshRendering'));
      expect(p.blueprint.node.validate()).toEqual([]);
      expect(renderings.every((r) => r.mock.calls.length === 0)).toBe(true);
      p.find('Server', 'api-http').metadata.addLabel('team', 'payments');
      expect(p.blueprint.node.validate()).toEqual([]);
      expect(renderings.some((r) => r.mock.calls.length > 0)).toBe(true);
    });
  });
});
