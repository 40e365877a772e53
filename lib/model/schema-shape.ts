// What of the blueprint's JSON Schema the library checks: its shape, without the editors' value constraints.

/** The schema keywords that constrain a value (names, port ranges, CIDRs, durations) rather than a shape. */
export const VALUE_KEYWORDS = ['pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength'] as const;
const VALUE_KEYWORD_SET: ReadonlySet<string> = new Set(VALUE_KEYWORDS);

/** Keywords that only annotate a schema for editors: the check never reads them. */
const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set(['description']);

/**
 * The schema's value constraints are for editors. Every one of them repeats a semantic check of the model,
 * which names the rule and what to write instead under its own code (`ZT-BP-029` for a port of 70000), so the
 * library checks only the shape: one coded message per mistake, and the entry stays checkable. This is the
 * schema `npm run schema` compiles into lib/model/schema-validator.ts, so no synthesis compiles a schema.
 */
export function shapeSchema(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(shapeSchema);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeSchema(v)]));
    } else if (!VALUE_KEYWORD_SET.has(key) && !ANNOTATION_KEYWORDS.has(key)) {
      out[key] = key === 'type' && value === 'integer' ? 'number' : shapeSchema(value);
    }
  }
  return out;
}
