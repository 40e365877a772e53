import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { buildModel } from '../../lib/model';
import { isGroupFlow } from '../../lib/model/group-flow';
import { FlowModel } from '../../lib/model/model';
import { scaleBlueprint } from '../../bench/scale-blueprint';
import { validBlueprint } from '../property/blueprint-arbitrary';

/** The callers of `services[i].allowFrom[j]` read from the blueprint text: zone members or role holders, in order. */
function callersFromText(props: ZeroTrustBlueprintProps, path: string): string[] {
  const [, i, j] = /^services\[(\d+)\]\.allowFrom\[(\d+)\]$/.exec(path)!.map(Number);
  const target = props.services[i];
  const src = target.allowFrom![j];
  const includes = new Map((props.roles ?? [{ name: 'admin', includes: ['operator'] }, { name: 'operator', includes: ['viewer'] }, { name: 'viewer' }])
    .map((r) => [r.name, r.includes ?? []]));
  const held = (role: string): string[] => [role, ...(includes.get(role) ?? []).flatMap(held)];
  const calls = (s: (typeof props.services)[number]) => src.zone !== undefined
    ? s.zone === src.zone && !(src.except ?? []).includes(s.name)
    : (s.roles ?? []).flatMap(held).some((r) => src.roles!.includes(r));
  return props.services.filter((s) => s.name !== target.name && calls(s)).map((s) => s.name);
}

const groupFlowsOf = (flows: readonly FlowModel[]) => flows.filter(isGroupFlow);

describe('zone and role flows (GroupFlow)', () => {
  it('list the callers the blueprint text names, in blueprint order, on generated blueprints', () => {
    let checked = 0;
    fc.assert(fc.property(validBlueprint, (props) => {
      const model = buildModel(props);
      for (const flow of groupFlowsOf(model.flows)) {
        const visited: string[] = [];
        flow.forEachCaller((c) => visited.push(c.name));
        expect(visited).toEqual(callersFromText(props, flow.path));
        expect(flow.callers.map((c) => c.name)).toEqual(visited);
        for (const s of model.services) {
          expect(flow.hasCaller(s)).toBe(visited.includes(s.name));
          expect(flow.someCaller((c) => c === s)).toBe(visited.includes(s.name));
        }
        checked++;
      }
    }), { seed: 1010, numRuns: 60 });
    expect(checked).toBeGreaterThan(20);
  });

  it('are not listed caller by caller while the constructs are built: the emitters read the caller groups', () => {
    const props = scaleBlueprint(200);
    const blueprint = new ZeroTrustBlueprint(Testing.chart(), 'bp', props);
    const flows = groupFlowsOf(blueprint._model.flows);
    expect(flows.filter((f) => f.source.kind === 'zone').length).toBeGreaterThan(0);
    expect(flows.filter((f) => f.source.kind === 'roles').length).toBeGreaterThan(0);
    // `listed` is the flow's computed list: still absent after the model, the planners and the constructs.
    expect(flows.filter((f) => (f as any).listed !== undefined).map((f) => f.path)).toEqual([]);
    // Nor does any service list the targets of its zone or roles as its own calls.
    const outbound = [...blueprint._model.connectivity.outbound.values()].flat();
    expect(outbound.filter(isGroupFlow)).toEqual([]);
  });
});
