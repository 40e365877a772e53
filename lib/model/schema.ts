import { join } from 'path';
import type { ErrorObject } from 'ajv';
import { IssueCollector } from './errors';
import validateShape from './schema-validator';

/** The JSON Schema that ships with the package (generated from the props types). */
export const BLUEPRINT_SCHEMA_PATH = join(__dirname, '..', '..', 'schema', 'blueprint.schema.json');

/**
 * Keys that JavaScript objects inherit (`constructor`) or treat specially (`__proto__`): cdk8s renders a
 * label map with such a key wrongly or not at all, so they are refused wherever the blueprint has free keys.
 */
const RESERVED_KEYS = new Set(['constructor', '__proto__', 'prototype']);

/** The precompiled shape check (ajv standalone code, lib/model/schema-validator.ts). */
interface ValidateShape {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Checks the blueprint's shape against the JSON Schema; adds one issue per violation. */
export function checkSchema(blueprint: unknown, issues: IssueCollector): void {
  checkReservedKeys(blueprint, [], new Set(), issues);
  const validate = validateShape as unknown as ValidateShape;
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

// `path` is one array, pushed and popped on the way down: a copy per key was most of the walk's cost.
// Arrays are walked by index: an index is never a reserved key.
function checkReservedKeys(value: unknown, path: (string | number)[], seen: Set<object>, issues: IssueCollector): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) {
    return;
  }
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (child !== null && typeof child === 'object') {
        path.push(i);
        checkReservedKeys(child, path, seen, issues);
        path.pop();
      }
    }
    return;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (RESERVED_KEYS.has(key)) {
      issues.add('ZT-INPUT-007', formatPath([...path.map(String), key]), `"${key}" cannot be used as a key (JavaScript objects reserve it, and cdk8s cannot render it): rename it, for example to "app.kubernetes.io/${key.replace(/_/g, '')}"`);
      continue;
    }
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object') {
      path.push(key);
      checkReservedKeys(child, path, seen, issues);
      path.pop();
    }
  }
}

/**
 * Drops errors that only repeat a more precise one at a deeper path (ajv reports both for $ref chains).
 * Linear in the number of errors times the path depth: every error counts once for each of its ancestors.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const below = new Map<string, number>();
  for (const e of errors) {
    const segments = e.instancePath.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      below.set(prefix, (below.get(prefix) ?? 0) + 1);
    }
  }
  return errors.filter((e) => !(e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf')
    || (below.get(e.instancePath) ?? 0) <= 1);
}

/** `/services/3/allowFrom/0` becomes `services[3].allowFrom[0]`. */
export function toJsonPath(pointer: string, extra?: string): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) {
    segments.push(extra);
  }
  return formatPath(segments);
}

/** Path segments (keys and array indexes) as a JSON path. */
export function formatPath(segments: readonly string[]): string {
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
      return `must be ${article(String(p.type))} (found ${describeValue(error.data)})${typeHint(String(p.type), error.data)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (found ${describeValue(error.data)})`;
    default:
      return error.message ?? `fails the "${error.keyword}" rule of the blueprint schema`;
  }
}

/** What to do about a value of the wrong type, when it is not obvious from the message. */
function typeHint(expected: string, found: unknown): string {
  if (found === undefined) {
    return ': remove the empty element or give it a value';
  }
  if (typeof found === 'number' && !Number.isFinite(found)) {
    return ': write a finite number';
  }
  if (typeof found === 'string' && (expected === 'number' || expected === 'integer') && found.trim() !== '' && Number.isFinite(Number(found))) {
    return ': remove the quotes';
  }
  return '';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'nothing: the element is undefined';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `${value}, YAML's ${Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'}`;
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
