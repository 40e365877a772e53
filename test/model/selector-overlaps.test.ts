// Selectors that would make one service's objects apply to another service's pods are refused by the model
// (ZT-BP-053, ZT-BP-054; identical ones are ZT-BP-022) instead of surfacing as layer-check findings that
// blame a patch. Generated selectors over a small label alphabet, so overlaps are common, and an oracle
// written from the blueprint text: for every blueprint the model accepts, the synth-time layer check,
// which evaluates the rendered policies on the services' pods, finds nothing.
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { BlueprintError } from '../../lib/model';
import { validBlueprint } from '../blueprint/fixtures';
import { runs, seed } from '../property/settings';

type Selector = Record<string, string>;

const NAME_KEY = 'app.kubernetes.io/name';
const ENTRIES: [string, string][] = [[NAME_KEY, 'api'], [NAME_KEY, 'x'], ['tier', 'a'], ['tier', 'b'], ['team', 'a']];

/** One label per key: a subset of the alphabet, the first value of a key kept. */
const selector = fc.subarray(ENTRIES, { minLength: 1, maxLength: 3 }).map((entries) => {
  const s: Selector = {};
  for (const [key, value] of entries) {
    if (!(key in s)) s[key] = value;
  }
  return s;
});

const extraService = fc.record({
  zone: fc.constantFrom('app', 'data'),
  selector: fc.option(selector, { nil: undefined, freq: 4 }),
  callers: fc.subarray([0, 1, 2, 3, 4]),
});

/** The fixture's services and up to five more, with generated selectors and flows between them. */
const blueprint = fc.array(extraService, { minLength: 1, maxLength: 5 }).map((extras) => {
  const b: any = validBlueprint();
  extras.forEach((e, i) => {
    const appCallers = e.callers.filter((j) => j < extras.length && j !== i && extras[j].zone === 'app').map((j) => ({ service: `svc${j}` }));
    b.services.push({
      name: `svc${i}`,
      zone: e.zone,
      ...(e.selector ? { selector: e.selector } : {}),
      ports: [{ name: 'http', port: 8080 }],
      // App services take the gateway's calls, data services the api's; both take calls of app services.
      allowFrom: [...(e.zone === 'app' ? [{ service: 'gateway' }] : [{ service: 'api' }]), ...appCallers],
    });
  });
  return b;
});

/** The selectors as the blueprint text gives them (the documented default where absent). */
function declared(b: any): { path: string; zone: string; selector: Selector }[] {
  return b.services.map((s: any, i: number) => ({ path: `services[${i}].selector`, zone: s.zone, selector: s.selector ?? { [NAME_KEY]: s.name } }));
}

const within = (a: Selector, b: Selector) => Object.entries(a).every(([k, v]) => b[k] === v);

/** The oracle: which selectors select another service's pods, and which repeat an earlier one exactly. */
function expectedProblems(b: any): { wider: string[]; same: string[] } {
  const all = declared(b);
  const wider = all.filter((s) => all.some((t) => t !== s && t.zone === s.zone && within(s.selector, t.selector) && !within(t.selector, s.selector)));
  const same = all.filter((s, i) => all.slice(0, i).some((t) => t.zone === s.zone && within(s.selector, t.selector) && within(t.selector, s.selector)));
  return { wider: wider.map((s) => s.path), same: same.map((s) => s.path) };
}

function synthesize(b: any): { issues?: readonly { code: string; path: string }[]; validation: string[] } {
  const chart = new Chart(Testing.app(), 'c', { disableResourceNameHashes: true });
  try {
    new ZeroTrustBlueprint(chart, 'bp', b);
  } catch (e) {
    if (!(e instanceof BlueprintError)) throw e;
    return { issues: e.issues, validation: [] };
  }
  return { validation: chart.node.findAll().flatMap((c) => c.node.validate()) };
}

describe('selectors that select another service\'s pods', () => {
  it('are refused exactly where the blueprint text says so, and what is accepted passes the synth-time layer check', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(fc.property(blueprint, (b) => {
      const expected = expectedProblems(b);
      const { issues, validation } = synthesize(b);
      const at = (code: string) => (issues ?? []).filter((i) => i.code === code).map((i) => i.path);
      expect(at('ZT-BP-054')).toEqual(expected.wider);
      expect(at('ZT-BP-022')).toEqual(expected.same);
      if (expected.wider.length + expected.same.length === 0) {
        expect(issues, JSON.stringify(issues)).toBeUndefined();
        expect(validation).toEqual([]);
        accepted++;
      } else {
        refused++;
      }
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 150) });
    // The generator must reach both sides, or the property proves nothing about one of them.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('names both services and the field to change', () => {
    const b: any = validBlueprint();
    b.services.push({ name: 'api-worker', zone: 'app', selector: { [NAME_KEY]: 'api', tier: 'worker' }, ports: [{ name: 'http', port: 8080 }] });
    const { issues } = synthesize(b);
    expect(issues).toEqual([expect.objectContaining({
      code: 'ZT-BP-054',
      path: 'services[1].selector',
      message: expect.stringMatching(/^the selector of "api" \(app\.kubernetes\.io\/name=api\) also selects the pods of service "api-worker" \(services\[4\]\.selector holds every one of its labels\).*give "api" a label that the pods of "api-worker" do not carry$/),
    })]);
  });

  it('in another namespace is no overlap: policies and Servers are namespaced', () => {
    const b: any = validBlueprint();
    b.services.push({ name: 'db-reader', zone: 'data', selector: { [NAME_KEY]: 'api', tier: 'reader' }, ports: [{ name: 'http', port: 8080 }], allowFrom: [{ service: 'api' }] });
    expect(synthesize(b)).toEqual({ validation: [] });
  });

  it('refuses every key the library writes on pods, each at its service, in one run', () => {
    const b: any = validBlueprint();
    b.services[1].selector = { 'zero-trust.cdk8s.io/zone': 'app' };
    b.services[2].selector = { [NAME_KEY]: 'db', 'zero-trust.cdk8s.io/service': 'api' };
    const { issues } = synthesize(b);
    expect(issues!.filter((i) => i.code === 'ZT-BP-053').map((i) => i.path)).toEqual(['services[1].selector', 'services[2].selector']);
  });
});
