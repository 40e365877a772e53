import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ZeroTrustBlueprint } from '../../lib';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { runs, seed } from '../property/settings';
import { exampleProps } from '../support/synth';
import { editText, mutate, mutation, textEdit } from './mutations';
import { outcome, synthesize } from './outcome';

const SEED = seed();
const OBJECT_RUNS = runs('ZT_FUZZ_RUNS', 1500);
const TEXT_RUNS = Math.ceil(OBJECT_RUNS / 2);
const base = fc.oneof({ weight: 1, arbitrary: fc.constant(exampleProps()) }, { weight: 3, arbitrary: validBlueprint });
const dir = mkdtempSync(join(tmpdir(), 'zt-fuzz-'));

/** Runs a fuzz property; a failure prints the seed and the shrunk mutant. */
async function assertFuzz<T>(arb: fc.Arbitrary<T>, numRuns: number, show: (t: T) => string, check: (t: T) => 'synthesized' | 'rejected'): Promise<Record<string, number>> {
  const counts: Record<string, number> = { synthesized: 0, rejected: 0 };
  // Async only to yield between mutants, so the test runner stays responsive during a long run.
  const details = await fc.check(fc.asyncProperty(arb, async (t) => {
    await new Promise((resolve) => setImmediate(resolve));
    counts[check(t)]++;
  }), { seed: SEED, numRuns });
  if (details.failed) {
    throw new Error(`fuzz failed (seed ${SEED}; rerun with ZT_PROPERTY_SEED=${SEED}):\n${details.counterexample ? show(details.counterexample[0]) : ''}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`);
  }
  return counts;
}

describe(`mutated blueprints (seed ${SEED})`, () => {
  it(`${OBJECT_RUNS} mutated objects: each synthesizes or is rejected with a blueprint error naming its fields`, async () => {
    const counts = await assertFuzz(fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })), OBJECT_RUNS,
      ([b, ms]) => `mutations: ${JSON.stringify(ms)}\nmutant:\n${stringify(mutate(b, ms))}`,
      ([b, ms]) => outcome(() => synthesize(mutate(b, ms))));
    // Both outcomes occur: the mutations are neither all fatal nor all harmless.
    expect(counts.rejected).toBeGreaterThan(OBJECT_RUNS / 4);
    expect(counts.synthesized).toBeGreaterThan(OBJECT_RUNS / 50);
  }, 600_000);

  it(`${TEXT_RUNS} mutated YAML files: each loads or is rejected with a blueprint error`, async () => {
    let n = 0;
    const counts = await assertFuzz(fc.tuple(base, fc.array(textEdit, { minLength: 1, maxLength: 3 })), TEXT_RUNS,
      ([b, es]) => `edits: ${JSON.stringify(es).slice(0, 2000)}\nfile:\n${editText(b, es).slice(0, 5000)}`,
      ([b, es]) => {
        const file = join(dir, `mutant-${n++ % 8}.yaml`);
        writeFileSync(file, editText(b, es));
        return outcome(() => synthesize(ZeroTrustBlueprint.loadProps(file)));
      });
    expect(counts.rejected).toBeGreaterThan(TEXT_RUNS / 4);
    expect(counts.synthesized).toBeGreaterThan(0);
  }, 600_000);
});
