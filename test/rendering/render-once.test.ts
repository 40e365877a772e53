// The layer check's renderings of the library's objects are the ones synthesis writes: each object is
// rendered once per synthesis, the rendering is handed to one `toJson()` caller only, and any change
// made after the check (metadata, patches, objects held by the metadata, the sort switch) gives a fresh
// rendering, always the one cdk8s itself renders. The check evaluates unchanged output here too
// (CDK8S_ZERO_TRUST_LAYER_CHECK=always): the hand-over is what these tests are about.
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import * as typed from '../../lib/rendering/typed-objects';
import { layerAgreementProblems } from '../../lib/validation/layer-agreement';
import { LAYER_AGREEMENT_KINDS } from '../../lib/validation/layer-kinds';
import { validBlueprint as fixture } from '../blueprint/fixtures';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { runs, seed } from '../property/settings';

const LIBRARY_CLASSES = Object.values(typed) as unknown as (new (...args: any[]) => ApiObject)[];
// Not `instanceof`: cdk8s makes every ApiObject an instance of every ApiObject class.
const isLibraryObject = (o: ApiObject) => LIBRARY_CLASSES.some((C) => Object.getPrototypeOf(o) === C.prototype);

/** cdk8s's own rendering of `o`: for a library object, that of the generated class it stands in for. */
function generatedRendering(o: ApiObject): any {
  return isLibraryObject(o) ? Object.getPrototypeOf(Object.getPrototypeOf(o)).toJson.call(o) : o.toJson();
}

function platform(props = fixture(), app: App = Testing.app()) {
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'bp', props);
  const objects = chart.node.findAll().filter(ApiObject.isApiObject);
  const library = objects.filter(isLibraryObject);
  const layer = library.filter((o) => LAYER_AGREEMENT_KINDS.has(o.kind));
  return { app, chart, blueprint, objects, library, layer };
}

/** Counts the fresh renderings of the library's objects (the hand-over is not one). */
function countRenderings(): () => number {
  const spies = LIBRARY_CLASSES.map((C) => vi.spyOn(C.prototype as any, 'freshRendering'));
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const json = (value: unknown) => JSON.stringify(value);

beforeEach(() => {
  vi.stubEnv('CDK8S_ZERO_TRUST_LAYER_CHECK', 'always');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  delete process.env.CDK8S_DISABLE_SORT;
});

describe('rendering once per synthesis', () => {
  it('renders each library object once in app.synthYaml(), although the check reads the layer kinds first', () => {
    const p = platform();
    expect(p.layer.length).toBeGreaterThan(10);
    const renderings = countRenderings();
    const yaml = p.app.synthYaml();
    expect(renderings()).toBe(p.library.length);
    // A second synthesis has no rendering to take over and renders again, to the same bytes.
    expect(p.app.synthYaml()).toBe(yaml);
    expect(renderings()).toBe(2 * p.library.length);
  });

  it('writes the documents cdk8s renders, byte for byte, for generated blueprints', () => {
    fc.assert(fc.property(validBlueprint, (props) => {
      const p = platform(props);
      const handedOver = p.chart.toJson(); // validates (the check renders the layer kinds), then renders
      const expected = handedOver.map((doc: any) => {
        const o = p.objects.find((x) => x.kind === doc.kind && x.name === doc.metadata.name && x.metadata.namespace === doc.metadata.namespace)!;
        return generatedRendering(o);
      });
      expect(json(handedOver)).toBe(json(expected));
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 15) });
  });

  it('hands the rendering to one caller only: what that caller does to it changes no later rendering', () => {
    const p = platform();
    expect(p.blueprint.node.validate()).toEqual([]);
    for (const o of p.layer) {
      const first = o.toJson();
      const expected = json(generatedRendering(o));
      expect(json(first)).toBe(expected);
      first.metadata.name = 'changed-by-a-caller';
      first.spec = {};
      expect(json(o.toJson())).toBe(expected);
    }
  });

  type Change = (o: ApiObject, held: { values: any[] }) => void;
  const changes: Record<string, Change> = {
    label: (o) => o.metadata.addLabel('example.com/team', 'payments'),
    'a label it already has': (o) => {
      const [key, value] = Object.entries<string>(generatedRendering(o).metadata.labels ?? { a: 'b' })[0];
      o.metadata.addLabel(key, value);
    },
    annotation: (o) => o.metadata.addAnnotation('example.com/note', 'n'),
    attribute: (o) => o.metadata.add('generateName', 'x-'),
    'object attribute, changed later': (o, held) => {
      const value = { a: '1' };
      o.metadata.add('example', value);
      held.values.push(value);
    },
    finalizer: (o) => o.metadata.addFinalizers('example.com/keep'),
    'owner reference, changed later': (o, held) => {
      const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' };
      o.metadata.addOwnerReference(owner);
      held.values.push(owner);
    },
    'JSON patch': (o) => o.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/patched': 'yes' })),
    'sort switch': () => {
      process.env.CDK8S_DISABLE_SORT = '1';
    },
    'a caller renders it': (o) => {
      o.toJson().metadata.name = 'changed-by-a-caller';
    },
  };

  it('renders anew after any change made before or after the check (generated sequences of changes)', () => {
    const names = Object.keys(changes);
    const steps = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...names)), { maxLength: 5 });
    fc.assert(fc.property(steps, steps, fc.boolean(), (before, after, changeHeldLater) => {
      delete process.env.CDK8S_DISABLE_SORT;
      const p = platform();
      const held = { values: [] as any[] };
      const apply = (list: [number, string][]) => list.forEach(([index, name]) => changes[name](p.layer[index % p.layer.length], held));
      apply(before);
      p.blueprint.node.validate();
      apply(after);
      if (changeHeldLater) {
        for (const value of held.values) value.name = value.a = 'changed-later';
      }
      for (const o of p.layer) {
        expect(json(o.toJson())).toBe(json(generatedRendering(o)));
      }
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 30) });
  });

  it('gives the check renderings it only reads: frozen renderings give the same verdicts, patched policies included', () => {
    fc.assert(fc.property(validBlueprint, fc.nat(), (props, pick) => {
      const p = platform(props);
      const policies = p.layer.filter((o) => o.kind === 'NetworkPolicy' && (generatedRendering(o).spec.ingress ?? []).length > 0);
      if (policies.length > 0) {
        policies[pick % policies.length].addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
      }
      const kinds = p.objects.filter((o) => LAYER_AGREEMENT_KINDS.has(o.kind));
      const problems = layerAgreementProblems(p.blueprint._model, kinds.map(generatedRendering));
      expect(layerAgreementProblems(p.blueprint._model, kinds.map((o) => deepFreeze(generatedRendering(o))))).toEqual(problems);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 15) });
  });
});
