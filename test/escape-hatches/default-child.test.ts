import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { validBlueprint as generatedBlueprint } from '../property/blueprint-arbitrary';
import { runs, seed } from '../property/settings';
import { exampleProps } from '../support/synth';

// Every construct class of the library that wraps one Kubernetes object exposes it as its default child
// (id `Resource`), so `ApiObject.of(construct)` and `addJsonPatch` work on it as on any cdk8s construct.

const objectsBelow = (c: IConstruct) => c.node.findAll().filter(ApiObject.isApiObject);

/** The library's constructs below the blueprint (not the API objects, not the plain grouping scopes). */
function libraryConstructs(blueprint: ZeroTrustBlueprint): IConstruct[] {
  return blueprint.node.findAll().filter((c) => c !== blueprint && !ApiObject.isApiObject(c) && c.constructor !== Construct);
}

function build(props: ZeroTrustBlueprintProps): { chart: Chart; blueprint: ZeroTrustBlueprint } {
  const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
  return { chart, blueprint: new ZeroTrustBlueprint(chart, 'bp', props) };
}

/** Construct classes, by name, with how many objects each instance wraps, over the reference platform and generated blueprints. */
function wrappedCounts(): Map<string, Set<number>> {
  const counts = new Map<string, Set<number>>();
  const record = (props: ZeroTrustBlueprintProps) => {
    for (const c of libraryConstructs(build(props).blueprint)) {
      counts.set(c.constructor.name, (counts.get(c.constructor.name) ?? new Set()).add(objectsBelow(c).length));
    }
  };
  record(exampleProps());
  fc.sample(generatedBlueprint, { seed: seed(), numRuns: Math.ceil(runs('ZT_PROPERTY_RUNS', 250) / 10) }).forEach(record);
  return counts;
}

describe('default children', () => {
  const counts = wrappedCounts();
  const singleObjectClasses = [...counts].filter(([, n]) => n.size === 1 && n.has(1)).map(([name]) => name).sort();

  it('the library has construct classes that wrap one object, and the reference platform uses them', () => {
    // ZoneNamespace, MeshServer, MeshHttpRoute, Certificate wrappers, KeycloakServer, RealmImport, the edge objects, ...
    // (AuthorizationPolicies and authentications are the typed objects themselves, with no wrapper.)
    expect(singleObjectClasses.length).toBeGreaterThanOrEqual(13);
    expect(singleObjectClasses).toEqual(expect.arrayContaining(['ZoneNamespace', 'MeshServer', 'MeshHttpRoute', 'RealmImport', 'KeycloakServer']));
  });

  it('every construct that wraps one object has it as defaultChild with id Resource, and ApiObject.of finds it', () => {
    const { blueprint } = build(exampleProps());
    const problems: string[] = [];
    for (const c of libraryConstructs(blueprint)) {
      const objects = objectsBelow(c);
      if (!singleObjectClasses.includes(c.constructor.name)) {
        continue;
      }
      const child = c.node.defaultChild;
      if (child !== objects[0] || child.node.id !== 'Resource' || child.node.scope !== c) {
        problems.push(`${c.node.path} (${c.constructor.name}): default child ${child?.node.path ?? 'none'}`);
        continue;
      }
      if (ApiObject.of(c) !== objects[0]) {
        problems.push(`${c.node.path}: ApiObject.of returns another object`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a JSON patch through ApiObject.of(construct) reaches the output of every such object', () => {
    const { chart, blueprint } = build(exampleProps());
    const patched = libraryConstructs(blueprint).filter((c) => singleObjectClasses.includes(c.constructor.name));
    patched.forEach((c) => ApiObject.of(c).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/construct': c.node.path })));
    const out = Testing.synth(chart);
    const annotated = out.map((o) => o.metadata?.annotations?.['example.com/construct']).filter((p) => p !== undefined).sort();
    expect(annotated).toEqual(patched.map((c) => c.node.path).sort());
  });
});
