import { readFileSync } from 'fs';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { BLUEPRINT_SCHEMA_PATH, toJsonPath } from '../../lib/model/schema';

// The shipped JSON Schema as an editor applies it: every constraint, value keywords included. The
// library itself checks only the shape with it (lib/model/schema.ts) and leaves the values to its coded checks.

let validator: ValidateFunction | undefined;

export function editorSchema(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    validator = ajv.compile(JSON.parse(readFileSync(BLUEPRINT_SCHEMA_PATH, 'utf8')));
  }
  return validator;
}

/** The JSON paths (as the library writes them) at which the full schema rejects `blueprint`. */
export function editorSchemaErrors(blueprint: unknown): { path: string; error: ErrorObject }[] {
  const validate = editorSchema();
  if (validate(blueprint)) {
    return [];
  }
  return (validate.errors ?? []).map((error) => ({
    path: toJsonPath(error.instancePath, error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined),
    error,
  }));
}

/**
 * The library's checks whose rule JSON Schema can state (a name pattern, a port range, a whole number, a
 * CIDR's syntax, a duration's syntax), and the shape check itself. Host bits of a CIDR, uniqueness and
 * references to other entries are beyond it.
 */
const EXPRESSIBLE = new Set([
  'ZT-SCHEMA-001',
  // names: DNS-1123 labels and subdomains, port names, role, realm and key names
  'ZT-BP-001', 'ZT-BP-003', 'ZT-BP-004', 'ZT-BP-008', 'ZT-BP-011', 'ZT-BP-017', 'ZT-BP-023', 'ZT-BP-028', 'ZT-BP-033',
  'ZT-NET-001', 'ZT-FLOW-007', 'ZT-FLOW-008', 'ZT-AUDIT-002', 'ZT-MESH-012', 'ZT-ROLE-001',
  'ZT-KC-004', 'ZT-KC-005', 'ZT-KC-007', 'ZT-KC-008', 'ZT-KC-015', 'ZT-KC-108', 'ZT-KC-117', 'ZT-KC-405',
  'ZT-PKI-001', 'ZT-PKI-004', 'ZT-PKI-007', 'ZT-PKI-013', 'ZT-PKI-015', 'ZT-PKI-019', 'ZT-PKI-022', 'ZT-PKI-023',
  'ZT-EDGE-005', 'ZT-EDGE-006', 'ZT-EDGE-007', 'ZT-EDGE-008',
  // port numbers
  'ZT-BP-029', 'ZT-BP-030', 'ZT-BP-037', 'ZT-KC-011',
  // whole numbers and their ranges
  'ZT-KC-003', 'ZT-KC-201', 'ZT-KC-205', 'ZT-KC-401', 'ZT-KC-403', 'ZT-KC-407', 'ZT-AUDIT-005',
  // CIDRs (syntax only: the host bits are checked by the library alone)
  'ZT-BP-002', 'ZT-BP-035', 'ZT-BP-045', 'ZT-NET-005', 'ZT-FLOW-012', 'ZT-MESH-006', 'ZT-MESH-010', 'ZT-KC-411',
  // durations (syntax)
  'ZT-PKI-024', 'ZT-PKI-026', 'ZT-AUDIT-006',
]);
const INEXPRESSIBLE_MESSAGES = [/has host bits set/];

export interface TableCase {
  readonly name: string;
  readonly path: string;
  readonly message: RegExp;
}

type CodedIssue = { code?: string; path: string; message: string };

/** Whether JSON Schema can state the rule behind this issue of the library. */
export function schemaCanExpress(issue: CodedIssue): boolean {
  return issue.code !== undefined && EXPRESSIBLE.has(issue.code) && !INEXPRESSIBLE_MESSAGES.some((m) => m.test(issue.message));
}

/**
 * For every case of a bad-input table whose rule the schema can state: the editor's schema rejects the
 * blueprint at the case's path, and the library reports the mistake there once, under its own code (the
 * semantic check wins; the schema's keyword error is not repeated next to it). Returns how many cases
 * the schema expresses, so a table cannot pass by expressing none.
 */
export function expectSchemaRejectsExpressibleCases<C extends TableCase>(
  cases: readonly C[],
  blueprintOf: (c: C) => unknown,
  issuesOf: (blueprint: unknown) => readonly CodedIssue[],
): number {
  let expressed = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const blueprint = blueprintOf(c);
    const issues = issuesOf(blueprint);
    const reported = issues.filter((i) => i.path === c.path && c.message.test(i.message));
    if (!reported.some(schemaCanExpress)) {
      continue;
    }
    expressed++;
    const schemaPaths = editorSchemaErrors(blueprint).map((e) => e.path);
    if (!schemaPaths.includes(c.path)) {
      failures.push(`${c.name}: the schema accepts ${c.path} (schema errors at: ${schemaPaths.join(', ') || 'none'})`);
    }
    const at = issues.filter((i) => i.path === c.path);
    const semantic = reported.find((i) => i.code !== 'ZT-SCHEMA-001');
    if (semantic && at.some((i) => i.code === 'ZT-SCHEMA-001')) {
      failures.push(`${c.name}: ${c.path} is reported by the schema check next to ${semantic.code}: ${JSON.stringify(at)}`);
    }
  }
  expect(failures).toEqual([]);
  return expressed;
}
