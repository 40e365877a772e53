import { readFileSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Ajv from 'ajv';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as lib from '../../lib';
import { generateBlueprintSchema, SCHEMA_FILE } from '../../scripts/generate-schema';
import { exampleProps } from '../support/synth';
import { mutated, validBlueprint } from './fixtures';

const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const definitions: Record<string, any> = schema.definitions;

/** Blueprints of every shape: the schema and the TypeScript types must give the same verdict on each. */
const FIXTURES: { name: string; value: unknown }[] = [
  { name: 'small valid blueprint', value: validBlueprint() },
  { name: 'reference platform', value: exampleProps() },
  { name: 'no services', value: { services: [] } },
  { name: 'semantically wrong but well-typed (unknown zone)', value: mutated((b) => { b.services[0].zone = 'nowhere'; }) },
  { name: 'custom zones and rules', value: { zones: [{ name: 'edge', role: 'dmz', meshed: false, labels: { team: 'a' } }], zoneRules: [{ from: 'edge', to: 'edge' }], services: [] } },
  { name: 'port as a string', value: mutated((b) => { b.services[1].ports[0].port = '8080'; }) },
  { name: 'unknown field in a service', value: mutated((b) => { b.services[1].allowfrom = []; }) },
  { name: 'unknown top-level field', value: { services: [], network: {} } },
  { name: 'missing zone', value: mutated((b) => { delete b.services[1].zone; }) },
  { name: 'missing services', value: { zones: [] } },
  { name: 'unknown enum value', value: mutated((b) => { b.services[1].ports[0].appProtocol = 'https'; }) },
  { name: 'unknown zone role', value: { zones: [{ name: 'edge', role: 'edge' }], services: [] } },
  { name: 'boolean as a string', value: mutated((b) => { b.services[1].meshed = 'yes'; }) },
  { name: 'selector value not a string', value: mutated((b) => { b.services[1].selector = { app: 1 }; }) },
  { name: 'cidrs not a list', value: mutated((b) => { b.services[0].allowFrom[0].cidrs = '0.0.0.0/0'; }) },
  { name: 'egress without ports', value: mutated((b) => { b.services[1].egressTo = [{ name: 'smtp', cidrs: ['10.0.0.1/32'] }]; }) },
];

/** Renders a value as a TypeScript expression; enum values become `Enum.MEMBER`, as a TS user writes them. */
function render(value: unknown, node: any): string {
  if (node?.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    const def = definitions[name];
    const runtimeEnum = (lib as any)[name];
    if (def.enum && runtimeEnum && typeof value === 'string') {
      const member = Object.keys(runtimeEnum).find((k) => runtimeEnum[k] === value);
      return member ? `lib.${name}.${member}` : JSON.stringify(value);
    }
    return render(value, def);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => render(v, node?.items)).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const props = node?.properties ?? {};
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${render(v, props[k] ?? node?.additionalProperties)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

function typeScriptVerdicts(): Map<string, string[]> {
  const dir = mkdtempSync(join(__dirname, '.typecheck-'));
  const files = FIXTURES.map((f, i) => {
    const file = join(dir, `fixture${i}.ts`);
    writeFileSync(file, `import * as lib from '../../../lib';\nexport const blueprint: lib.ZeroTrustBlueprintProps = ${render(f.value, definitions.ZeroTrustBlueprintProps)};\n`);
    return file;
  });
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [] });
  const verdicts = new Map<string, string[]>();
  files.forEach((file, i) => {
    const diags = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    verdicts.set(FIXTURES[i].name, diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  });
  require('fs').rmSync(dir, { recursive: true, force: true });
  return verdicts;
}

describe('blueprint JSON Schema', () => {
  it('is the one generated from the TypeScript props (run `npm run schema` after changing them)', () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(generateBlueprintSchema())));
  });

  it('accepts and rejects the same blueprints as the TypeScript types', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const tsVerdicts = typeScriptVerdicts();
    const table = FIXTURES.map((f) => ({
      name: f.name,
      schema: validate(f.value) ? 'accept' : 'reject',
      typescript: tsVerdicts.get(f.name)!.length === 0 ? 'accept' : 'reject',
    }));
    for (const row of table) {
      expect(row.typescript, `${row.name}: schema ${row.schema}s, TypeScript ${row.typescript}s (${tsVerdicts.get(row.name)!.join('; ')})`).toBe(row.schema);
    }
    // The table is only meaningful if it has both verdicts.
    expect(new Set(table.map((r) => r.schema))).toEqual(new Set(['accept', 'reject']));
  }, 120_000);

  it('is what YAML blueprints are checked with (a file with `$schema` loads)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-schema-'));
    const file = join(dir, 'b.json');
    writeFileSync(file, JSON.stringify({ $schema: '../schema/blueprint.schema.json', ...validBlueprint() }));
    expect(lib.ZeroTrustBlueprint.loadProps(file).services).toHaveLength(4);
  });
});
