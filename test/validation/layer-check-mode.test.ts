// When the synth-time layer check evaluates: by default whenever any layer object of the chart is not
// exactly as the blueprint built it (then the whole chart is evaluated), and not for the blueprint's own
// unchanged output; with CDK8S_ZERO_TRUST_LAYER_CHECK=always at every synthesis; and `cdk8s-zero-trust
// check` always. A fault the public API cannot make (a write into a library object's private props, which
// docs/escape-hatches.md says the check may miss) stands for a planner mistake: it tells whether the
// layers were evaluated.
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { existsSync } from 'fs';
import { join } from 'path';
import { checkCommand } from '../../lib/cli/check-command';
import { synthesizeBlueprint } from '../../lib/cli/blueprint-synth';
import * as typed from '../../lib/rendering/typed-objects';
import { LAYER_AGREEMENT_KINDS } from '../../lib/validation/layer-kinds';
import { validBlueprint as fixture } from '../blueprint/fixtures';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { runs, seed } from '../property/settings';
import { EXAMPLE_BLUEPRINT } from '../support/synth';
import { runInProcess, scratch, STACK_LINE } from '../cli/cli-run';

const ENV = 'CDK8S_ZERO_TRUST_LAYER_CHECK';
/** What the fault below makes the check report: the gateway's declared calls into `api` are blocked. */
const FAULT = /\[ZT-LAYER-001\] the NetworkPolicies block "gateway" -> "api"/;

function platform(props = fixture(), app: App = Testing.app()) {
  const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', props);
  const layer = () => chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && LAYER_AGREEMENT_KINDS.has(c.kind));
  const find = (kind: string, name: string) => layer().find((o) => o.kind === kind && o.name === name)!;
  /** Drops the ingress rules of `api-ingress` behind the library's back: no stamp, no patch. */
  const fault = () => {
    (find('NetworkPolicy', 'api-ingress') as any).props.spec.ingress = [];
  };
  return { app, chart, blueprint, layer, find, fault };
}

/** Counts the renderings the check asks of the library's objects. */
function countCheckRenderings(): () => number {
  const spies = Object.values(typed).map((C: any) => vi.spyOn(C.prototype, 'renderForCheck'));
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Changes through the public API that change no connection, on the `index`th layer object. */
const HARMLESS: Record<string, (p: ReturnType<typeof platform>, index: number) => void> = {
  'an annotation': (p, i) => p.layer()[i % p.layer().length].metadata.addAnnotation('example.com/note', 'n'),
  'a label no selector reads': (p, i) => p.layer()[i % p.layer().length].metadata.addLabel('example.com/team', 'payments'),
  'a JSON patch of an annotation': (p, i) => {
    const o = p.layer()[i % p.layer().length];
    o.addJsonPatch(o.toJson().metadata.annotations === undefined
      ? JsonPatch.add('/metadata/annotations', { 'example.com/patched': 'yes' })
      : JsonPatch.add('/metadata/annotations/example.com~1patched', 'yes'));
  },
  'an added policy that selects no pod': (p) => new ApiObject(p.chart, 'extra', {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name: 'extra', namespace: 'app' },
    spec: { podSelector: { matchLabels: { 'example.com/none': 'x' } }, policyTypes: ['Ingress'] },
  }),
};

describe('when the synth-time layer check evaluates', () => {
  it('by default, not for the blueprint\'s own unchanged output: nothing is rendered for it, a planner fault passes', () => {
    const p = platform();
    const renderings = countCheckRenderings();
    p.fault();
    expect(p.blueprint.node.validate()).toEqual([]);
    expect(() => p.app.synthYaml()).not.toThrow();
    expect(renderings()).toBe(0);
  });

  it('with CDK8S_ZERO_TRUST_LAYER_CHECK=always, for the unchanged output too', () => {
    vi.stubEnv(ENV, 'always');
    const p = platform();
    const renderings = countCheckRenderings();
    expect(p.blueprint.node.validate()).toEqual([]);
    expect(renderings()).toBe(p.layer().filter((o) => typeof (o as any).renderForCheck === 'function').length);
    const faulty = platform();
    faulty.fault();
    expect(() => faulty.app.synthYaml()).toThrow(FAULT);
  });

  it('after any change to any layer object, on the whole chart (generated changes, objects and order)', () => {
    const names = Object.keys(HARMLESS);
    fc.assert(fc.property(fc.constantFrom(...names), fc.nat(), fc.boolean(), (name, index, faultFirst) => {
      const p = platform();
      if (faultFirst) p.fault();
      HARMLESS[name](p, index);
      if (!faultFirst) p.fault();
      expect(p.blueprint.node.validate().join('\n')).toMatch(FAULT);
      // The same change without the fault: the check evaluated and found nothing.
      const clean = platform();
      HARMLESS[name](clean, index);
      expect(clean.blueprint.node.validate()).toEqual([]);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 20) });
  });

  it('after an object of the blueprint was removed', () => {
    const p = platform();
    const server = p.find('Server', 'api-http');
    expect(server.node.scope!.node.tryRemoveChild(server.node.id)).toBe(true);
    expect(p.blueprint.node.validate().join('\n')).toMatch(/\[ZT-LAYER-0\d\d\]/);
    const q = platform();
    const policy = q.find('NetworkPolicy', 'api-ingress');
    policy.node.scope!.node.tryRemoveChild(policy.node.id);
    expect(q.blueprint.node.validate().join('\n')).toMatch(FAULT);
  });

  it('in an app with resolvers of its own, which may change any value', () => {
    const p = platform(fixture(), Testing.app({ resolvers: [{ resolve: () => {} }] }));
    p.fault();
    expect(p.blueprint.node.validate().join('\n')).toMatch(FAULT);
  });

  it('after a change made after a clean validation, and not again once the output is as built', () => {
    const p = platform();
    expect(p.blueprint.node.validate()).toEqual([]);
    p.fault();
    const extra = new ApiObject(p.chart, 'extra', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'extra', namespace: 'app' }, spec: { podSelector: { matchLabels: { 'example.com/none': 'x' } } } });
    expect(p.blueprint.node.validate().join('\n')).toMatch(FAULT);
    p.chart.node.tryRemoveChild(extra.node.id);
    expect(p.blueprint.node.validate()).toEqual([]);
  });

  it('for generated blueprints: by default nothing of the unchanged output, with `always` all of it, and both pass', () => {
    fc.assert(fc.property(validBlueprint, (props) => {
      const renderings = countCheckRenderings();
      expect(platform(props).blueprint.node.validate()).toEqual([]);
      expect(renderings()).toBe(0);
      vi.stubEnv(ENV, 'always');
      try {
        const p = platform(props);
        expect(p.blueprint.node.validate()).toEqual([]);
        expect(renderings()).toBeGreaterThan(0);
      } finally {
        vi.unstubAllEnvs();
        vi.restoreAllMocks();
      }
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 15) });
  });

  it('refuses an unknown CDK8S_ZERO_TRUST_LAYER_CHECK value, naming it and the ones it takes', () => {
    vi.stubEnv(ENV, 'alwyas');
    const p = platform();
    expect(() => p.app.synthYaml()).toThrow(/\[ZT-LAYER-009\] CDK8S_ZERO_TRUST_LAYER_CHECK is "alwyas": set it to "always" .* or "changes"/);
  });

  it('refuses an unknown value in the CLI as the user\'s mistake: exit 1, no stack trace, nothing written', () => {
    vi.stubEnv(ENV, 'sometimes');
    const out = join(scratch(), 'dist');
    for (const args of [['synth', EXAMPLE_BLUEPRINT, '-o', out], ['check', EXAMPLE_BLUEPRINT], ['explain', EXAMPLE_BLUEPRINT], ['graph', EXAMPLE_BLUEPRINT]]) {
      const r = runInProcess(args);
      expect(r.status, args[0]).toBe(1);
      expect(r.stderr).toMatch(/\[ZT-LAYER-009\] CDK8S_ZERO_TRUST_LAYER_CHECK is "sometimes"/);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('in `cdk8s-zero-trust check`, always; in a synthesis of the file as `synth` makes it, by default not', () => {
    const renderings = countCheckRenderings();
    const out: string[] = [];
    expect(checkCommand({ blueprint: EXAMPLE_BLUEPRINT }, { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
    const checked = renderings();
    expect(checked).toBeGreaterThan(10);
    const synthesized = synthesizeBlueprint(EXAMPLE_BLUEPRINT);
    synthesized.discard();
    expect(renderings()).toBe(checked);
  });
});
