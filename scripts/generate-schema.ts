// Generates schema/blueprint.schema.json from the TypeScript props, so the YAML/JSON schema and the
// TypeScript types cannot drift apart. `npm run schema` rewrites the file; a test checks it is current.
import { writeFileSync } from 'fs';
import { join } from 'path';
import { createGenerator } from 'ts-json-schema-generator';
import { VALUE_KEYWORDS } from '../lib/model/schema';

export const SCHEMA_FILE = join(__dirname, '..', 'schema', 'blueprint.schema.json');

export function generateBlueprintSchema(): object {
  const generator = createGenerator({
    path: join(__dirname, '..', 'lib', 'blueprint', 'index.ts'),
    tsconfig: join(__dirname, '..', 'tsconfig.json'),
    type: 'ZeroTrustBlueprintProps',
    additionalProperties: false,
    skipTypeCheck: true,
    jsDoc: 'extended',
    sortProps: true,
  });
  const schema = applyListConstraintsToItems(
    moveDefaultsIntoDescriptions(generator.createSchema('ZeroTrustBlueprintProps')),
  ) as { definitions: Record<string, { properties: Record<string, unknown> }> };
  // A blueprint file may name its schema for editors (`$schema`); the library ignores the key.
  const root = schema.definitions.ZeroTrustBlueprintProps;
  root.properties = {
    $schema: { type: 'string', description: 'The JSON Schema editors check this file against; ignored by the library.' },
    ...root.properties,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://cdk8s-zero-trust.dev/schema/blueprint.schema.json',
    title: 'cdk8s-zero-trust blueprint',
    ...schema,
  };
}


/**
 * Doc tags on a list property (`cidrs: string[]` with `@pattern`) constrain each entry: the generator puts
 * them on the list itself, where JSON Schema ignores them, so move them into `items`. `@asType integer` on
 * a `number[]` replaces the list's type; it becomes the entries' type.
 */
function applyListConstraintsToItems(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(applyListConstraintsToItems);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'properties' || key === 'definitions'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, applyListConstraintsToItems(v)]))
      : applyListConstraintsToItems(value);
  }
  const items = out.items as Record<string, unknown> | undefined;
  if (items === undefined || typeof items !== 'object' || Array.isArray(items)) {
    return out;
  }
  const moved: Record<string, unknown> = { ...items };
  if (out.type === 'integer') {
    moved.type = 'integer';
    out.type = 'array';
  }
  for (const keyword of VALUE_KEYWORDS) {
    if (keyword in out) {
      moved[keyword] = out[keyword];
      delete out[keyword];
    }
  }
  out.items = moved;
  return out;
}

/**
 * The props' `@default` tags are prose for humans ("- the service name", "Protocol.TCP"), not JSON values:
 * keep them in the description so editors show them, and never let a validator inject them.
 */
function moveDefaultsIntoDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(moveDefaultsIntoDescriptions);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const { default: dflt, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = key === 'properties' || key === 'definitions'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, moveDefaultsIntoDescriptions(v)]))
      : moveDefaultsIntoDescriptions(value);
  }
  if (dflt !== undefined) {
    const text = typeof dflt === 'string' ? dflt.replace(/^- /, '') : JSON.stringify(dflt);
    out.description = `${out.description ?? ''} Default: ${text}.`.trim();
  }
  return out;
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, JSON.stringify(generateBlueprintSchema(), null, 2) + '\n');
  console.log(`wrote ${SCHEMA_FILE}`);
}
