import { ApiObject, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceProps, ZeroTrustBlueprint, ZeroTrustBlueprintProps, ZoneProps, ZoneRole } from '../../lib';
import { validBlueprint as generatedBlueprint } from '../property/blueprint-arbitrary';
import { runs, seed } from '../property/settings';
import { exampleProps } from '../support/synth';

// A construct's path depends only on the names of what it represents: reordering the blueprint's lists
// or adding an unrelated service or zone never moves an object, so patches and overrides keyed by path
// (`node.findChild`, cdk8s `Include`s, snapshot reviews) survive blueprint changes.

/** Each rendered object (kind, namespace, name) with its construct path. */
function pathsOf(props: ZeroTrustBlueprintProps): Map<string, string> {
  const chart = new Chart(Testing.app(), 'c');
  new ZeroTrustBlueprint(chart, 'bp', props);
  const paths = new Map<string, string>();
  for (const o of chart.node.findAll().filter(ApiObject.isApiObject)) {
    const key = `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.name}`;
    expect(paths.has(key), `two objects are ${key}`).toBe(false);
    paths.set(key, o.node.path);
  }
  return paths;
}

/** A service nobody calls, in a zone of its own (zone-wide callers of other zones must not gain it). */
const ADDED_SERVICE: ServiceProps = { name: 'added-service', zone: 'added-zone', ports: [{ name: 'http', port: 8080 }] };
const ADDED_ZONE: ZoneProps = { name: 'added-zone', role: ZoneRole.APP, meshed: false };
const DEFAULT_ZONES: ZoneProps[] = ['dmz', 'app', 'data', 'management'].map((name) => ({ name }));

const variant = generatedBlueprint.chain((props) => fc.record({
  props: fc.constant(props),
  services: fc.shuffledSubarray(props.services, { minLength: props.services.length, maxLength: props.services.length }),
  zones: fc.shuffledSubarray(props.zones ?? DEFAULT_ZONES, { minLength: (props.zones ?? DEFAULT_ZONES).length, maxLength: (props.zones ?? DEFAULT_ZONES).length }),
  insertAt: fc.nat({ max: props.services.length }),
  zoneAt: fc.nat({ max: (props.zones ?? DEFAULT_ZONES).length }),
}));

function expectSamePaths(before: Map<string, string>, after: Map<string, string>): number {
  const moved = [...before].filter(([key, path]) => after.has(key) && after.get(key) !== path)
    .map(([key, path]) => `${key}: ${path} -> ${after.get(key)}`);
  expect(moved).toEqual([]);
  return [...before.keys()].filter((k) => after.has(k)).length;
}

describe('stable child paths', () => {
  it('reordering services and zones, and adding a service and a zone, moves no object (generated blueprints)', () => {
    let compared = 0;
    fc.assert(fc.property(variant, ({ props, services, zones, insertAt, zoneAt }) => {
      const before = pathsOf(props);
      const reorderedServices = [...services];
      reorderedServices.splice(insertAt, 0, ADDED_SERVICE);
      const reorderedZones = [...zones];
      reorderedZones.splice(zoneAt, 0, ADDED_ZONE);
      const after = pathsOf({ ...props, services: reorderedServices, zones: reorderedZones });
      compared += expectSamePaths(before, after);
      // every object of the original blueprint is still there
      expect([...before.keys()].filter((k) => !after.has(k))).toEqual([]);
    }), { seed: seed(), numRuns: Math.ceil(runs('ZT_PROPERTY_RUNS', 250) / 5) });
    expect(compared).toBeGreaterThan(100);
  });

  it('the reference platform: removing a service and reversing the others moves none of them', () => {
    const props = exampleProps();
    const before = pathsOf(props);
    // A service no other entry names (no caller, route, client or edge API refers to it).
    const text = JSON.stringify(props);
    const unnamed = props.services.findIndex((s) => text.split(`"${s.name}"`).length === 2);
    expect(unnamed).toBeGreaterThanOrEqual(0);
    const after = pathsOf({ ...props, services: props.services.filter((_, i) => i !== unnamed).reverse() });
    expect(expectSamePaths(before, after)).toBeGreaterThan(100);
  });

  it('paths are made of the names of what the objects represent', () => {
    const paths = [...pathsOf(exampleProps()).values()];
    expect(paths).toContain('c/bp/Zones/app/Namespace/Resource');
    expect(paths).toContain('c/bp/Services/gateway/Resources/ServiceAccount');
    expect(paths).toContain('c/bp/Services/gateway/Mesh/https/Server/Resource');
    expect(paths).toContain('c/bp/Keycloak/RealmImport/Resource');
    expect(paths.filter((p) => /\/\d+(\/|$)/.test(p))).toEqual([]); // no list index in any path
  });
});
