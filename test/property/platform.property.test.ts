import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { RawBlueprint, rawBlueprint, toBlueprint } from './blueprint-arbitrary';
import { Oracle } from './oracle';
import { meshMismatches, networkMismatches, refMismatches, schemaMismatches, synthPlatform } from './platform-checks';
import { runs, seed } from './settings';

const SEED = seed();
const RUNS = runs('ZT_PROPERTY_RUNS', 250);

/** Every disagreement between the rendered platform and the oracle, by layer. */
function mismatches(props: ZeroTrustBlueprintProps): string[] {
  const { manifests, validation } = synthPlatform(props);
  if (validation.length > 0) {
    return validation.map((m) => `synth-time check: ${m}`);
  }
  const oracle = new Oracle(props);
  return [
    ...networkMismatches(oracle, manifests).map((m) => `NetworkPolicy: ${m}`),
    ...meshMismatches(oracle, manifests).map((m) => `Linkerd: ${m}`),
    ...refMismatches(oracle, manifests).map((m) => `refs: ${m}`),
    ...schemaMismatches(manifests).map((m) => `schema: ${m}`),
  ];
}

/** Runs the property; a failure reports the seed, the shrunk blueprint as YAML and what disagrees. */
async function assertProperty(numRuns: number, raws: fc.Arbitrary<RawBlueprint> = rawBlueprint): Promise<void> {
  // Async only to yield between cases, so the test runner stays responsive during a long run.
  const details = await fc.check(fc.asyncProperty(raws, async (raw) => {
    await new Promise((resolve) => setImmediate(resolve));
    const found = mismatches(toBlueprint(raw));
    if (found.length > 0) throw new Error(found.join('\n'));
  }), { seed: SEED, numRuns });
  if (details.failed) {
    const blueprint = details.counterexample ? toBlueprint(details.counterexample[0]) : undefined;
    throw new Error([
      `property failed after ${details.numRuns} runs (seed ${SEED}, path "${details.counterexamplePath}"; rerun with ZT_PROPERTY_SEED=${SEED})`,
      'shrunk blueprint:',
      stringify(blueprint),
      'mismatches:',
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
    ].join('\n'));
  }
}

describe(`generated blueprints (seed ${SEED}, ${RUNS} runs)`, () => {
  it('render exactly the declared connectivity in every layer, resolvable and schema-valid', async () => {
    await assertProperty(RUNS);
  }, 600_000);

  // Few generated blueprints have a route that admits a role (its holders must all be meshed callers of
  // the port), so these are drawn on their own.
  it('render exactly the declared connectivity where routes admit roles (`allowRoles`)', async () => {
    const admitsRoles = (raw: RawBlueprint) => toBlueprint(raw).services.some((s) => s.routes?.some((r) => r.allowRoles));
    await assertProperty(Math.max(20, Math.round(RUNS / 10)), rawBlueprint.filter(admitsRoles));
  }, 600_000);

  it('the oracle is not vacuous: generated blueprints declare every caller kind, routes, unmeshed services, UDP/SCTP and custom zones', () => {
    const sample = fc.sample(rawBlueprint.map(toBlueprint), { seed: SEED, numRuns: 200 });
    const oracles = sample.map((b) => new Oracle(b));
    expect(oracles.filter((o) => o.connectivity().size > 0).length).toBeGreaterThan(100);
    expect(sample.filter((b) => b.services.some((s) => s.routes)).length).toBeGreaterThan(5);
    const roleRoutes = sample.flatMap((b) => b.services.flatMap((s) => s.routes ?? [])).filter((r) => r.allowRoles);
    expect(roleRoutes.length).toBeGreaterThan(0);
    expect(roleRoutes.some((r) => r.allowServices === undefined)).toBe(true);
    expect(sample.filter((b) => b.services.some((s) => s.meshed === false)).length).toBeGreaterThan(10);
    expect(sample.filter((b) => b.zones?.some((z) => z.role)).length).toBeGreaterThan(20);
    expect(sample.filter((b) => b.services.some((s) => s.allowFrom?.some((f) => f.roles))).length).toBeGreaterThan(10);
    expect(sample.filter((b) => b.services.some((s) => s.allowFrom?.some((f) => f.internet))).length).toBeGreaterThan(10);
    expect(sample.filter((b) => b.services.some((s) => s.metricsScraper)).length).toBeGreaterThan(10);
    expect(sample.filter((b) => b.keycloak).length).toBeGreaterThan(10);
    const flows = (pred: (f: NonNullable<ZeroTrustBlueprintProps['services'][number]['allowFrom']>[number]) => boolean) => sample.filter((b) => b.services.some((s) => s.allowFrom?.some(pred))).length;
    expect(flows((f) => f.adminNetwork !== undefined)).toBeGreaterThan(5);
    expect(flows((f) => f.workload?.meshed === false)).toBeGreaterThan(5);
    expect(flows((f) => f.workload !== undefined && f.workload.meshed !== false)).toBeGreaterThan(5);
    expect(flows((f) => f.except !== undefined)).toBeGreaterThan(5);
    expect(sample.filter((b) => b.services.some((s) => s.meshed !== false && s.ports?.some((p) => p.protocol && p.protocol !== 'TCP'))).length).toBeGreaterThan(5);
  });
});
