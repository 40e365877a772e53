import { readFileSync } from 'fs';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeSchema } from '../../lib/model/schema-shape';
import validateShape from '../../lib/model/schema-validator';
import { generateSchemaValidator, SCHEMA_FILE, VALIDATOR_FILE } from '../../scripts/generate-schema';
import { exampleProps } from '../support/synth';
import { mutated, validBlueprint } from './fixtures';

const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));

describe('precompiled blueprint shape check', () => {
  it('is the one compiled from the committed JSON Schema (run `npm run schema` after changing the props)', () => {
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(generateSchemaValidator(schema));
  });

  it('gives the same verdict and the same errors as ajv compiling the shape schema at run time, on generated values', () => {
    const compiled = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(shapeSchema(schema) as object);
    const precompiled = validateShape as unknown as { (data: unknown): boolean; errors?: unknown[] | null };
    const errorsOf = (validate: { (data: unknown): boolean; errors?: unknown[] | null }, value: unknown) =>
      validate(value) ? [] : (validate.errors ?? []).map((e: any) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, message: e.message, data: e.data }));
    // Well-formed blueprints, and blueprints with one field replaced by anything at all.
    const bases = [validBlueprint(), exampleProps()];
    const field = fc.constantFrom<(b: any, v: unknown) => void>(
      (b, v) => { b.services[0].zone = v; },
      (b, v) => { b.services[0].ports = v; },
      (b, v) => { b.services[0].allowFrom = [v]; },
      (b, v) => { b.zones = v; },
      (b, v) => { b.mesh = v; },
      (b, v) => { b.services[1] = v; },
      (b, v) => { b[String(v)] = v; },
    );
    fc.assert(fc.property(fc.constantFrom(...bases), field, fc.anything(), (base, set, value) => {
      const blueprint = JSON.parse(JSON.stringify(base));
      set(blueprint, value);
      expect(errorsOf(precompiled, blueprint)).toEqual(errorsOf(compiled, blueprint));
    }), { seed: 1010, numRuns: 300 });
    expect(errorsOf(precompiled, mutated((b) => { (b.services[0] as any).ports = 'http'; }))).not.toEqual([]);
  });
});
