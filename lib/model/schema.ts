import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { IssueCollector } from './errors';

/** The JSON Schema that ships with the package (generated from the props types). */
export const BLUEPRINT_SCHEMA_PATH = join(__dirname, '..', '..', 'schema', 'blueprint.schema.json');

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    validator = ajv.compile(JSON.parse(readFileSync(BLUEPRINT_SCHEMA_PATH, 'utf8')));
  }
  return validator;
}

/** Checks the blueprint's shape against the JSON Schema; adds one issue per violation. */
export function checkSchema(blueprint: unknown, issues: IssueCollector): void {
  const validate = compiled();
  if (validate(blueprint)) {
    return;
  }
  const seen = new Set<string>();
  for (const error of simplify(validate.errors ?? [])) {
    const path = toJsonPath(error.instancePath, error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined);
    const message = describe(error);
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.add('ZT-SCHEMA-001', path, message);
    }
  }
}

/** Drops errors that only repeat a more precise one at a deeper path (ajv reports both for $ref chains). */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => !(e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf')
    || !errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath)));
}

/** `/services/3/allowFrom/0` becomes `services[3].allowFrom[0]`. */
export function toJsonPath(pointer: string, extra?: string): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) {
    segments.push(extra);
  }
  return segments.reduce((acc, seg) => {
    if (/^\d+$/.test(seg)) {
      return `${acc}[${seg}]`;
    }
    const key = /^[A-Za-z_$][\w$]*$/.test(seg) ? seg : JSON.stringify(seg);
    if (!key.startsWith('"')) {
      return acc ? `${acc}.${key}` : key;
    }
    return `${acc}[${key}]`;
  }, '');
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field "${p.additionalProperty}": remove it or check its spelling`;
    case 'required':
      return `missing required field "${p.missingProperty}"`;
    case 'type':
      return `must be ${article(String(p.type))} (found ${describeValue(error.data)})`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (found ${describeValue(error.data)})`;
    default:
      return error.message ?? `fails the "${error.keyword}" rule of the blueprint schema`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
