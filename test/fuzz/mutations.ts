import fc from 'fast-check';
import { stringify } from 'yaml';

// Mutations of valid blueprints, as a hostile or careless YAML file or an untyped caller makes them.

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

/** Replacement values: type changes, non-finite and huge numbers, long strings, reserved names. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 53 + 2, 1e308, -0),
  fc.constantFrom('', ' ', 'a'.repeat(100_000), '😀', '../..', '0.0.0.0/0', '*', '${x}', 'null', ...NAMES),
  fc.constantFrom(null, undefined, true, false),
  fc.constantFrom([], [null], [undefined], {}, [[[]]], { '': '' }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.dictionary(fc.constantFrom(...NAMES, 'a', 'b'), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** One edit of a JSON-like value, addressed by a random walk from the root. */
export type Mutation =
  | { kind: 'replace'; walk: number[]; value: unknown }
  | { kind: 'delete'; walk: number[] }
  | { kind: 'reserved-key'; walk: number[]; key: string; value: unknown }
  | { kind: 'duplicate'; walk: number[] };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), walk: fc.array(fc.nat(), { maxLength: 6 }), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), walk: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('reserved-key' as const), walk: fc.array(fc.nat(), { maxLength: 6 }), key: fc.constantFrom(...NAMES), value: hostileValue }),
  fc.record({ kind: fc.constant('duplicate' as const), walk: fc.array(fc.nat(), { maxLength: 6 }) }),
);

/** Applies mutations to a deep copy of `value`. */
export function mutate(value: unknown, mutations: readonly Mutation[]): any {
  const root = { v: structuredClone(value) } as any;
  for (const m of mutations) {
    const [parent, key] = walk(root, 'v', m.walk);
    const target = parent[key];
    switch (m.kind) {
      case 'replace':
        parent[key] = structuredClone(m.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'reserved-key':
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
          Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
        }
        break;
      case 'duplicate':
        if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
        break;
    }
  }
  return root.v;
}

/** Follows `steps` (each picks one child, modulo the number of children) as far as the value nests. */
function walk(parent: any, key: string | number, steps: readonly number[]): [any, string | number] {
  for (const step of steps) {
    const value = parent[key];
    if (value === null || typeof value !== 'object') break;
    const keys = Object.keys(value);
    if (keys.length === 0) break;
    parent = value;
    key = Array.isArray(value) ? step % value.length : keys[step % keys.length];
  }
  return [parent, key];
}

/** Edits of YAML text: brackets, aliases, truncation, duplicate keys, tabs, stray characters. */
export type TextEdit = { at: number; insert: string } | { truncateAt: number };

const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]', ''].join('\n');

export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ at: fc.nat(), insert: fc.constantFrom('[', ']', '{', '}', '[['.repeat(5000), ']['.repeat(5000), '{'.repeat(200), ': ', '- ', '\t', '&', '*', '*nope', '&x ', '!!binary ', '!!js/function ', '"', "'", '#', '\n', '\n  ', '\u0000', '---\n', '...\n', '? ', '|', '<<: *x\n') }),
  fc.record({ at: fc.constant(0), insert: fc.constantFrom(bomb, 'x: &x {a: 1}\n', 'services: []\n', 'zones: *missing\n', '%YAML 1.1\n---\n', '$schema: https://example.com/schema.json\n') }),
  fc.record({ truncateAt: fc.nat() }),
);

/** YAML text of `value` with the edits applied (positions modulo the text length). */
export function editText(value: unknown, edits: readonly TextEdit[]): string {
  let text = stringify(value);
  for (const e of edits) {
    if ('truncateAt' in e) {
      text = text.slice(0, e.truncateAt % (text.length + 1));
    } else {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at);
    }
  }
  return text;
}
