/**
 * The shape of a props-to-JSON converter that `cdk8s import` generates (`toJson_<Type>Props`), read by
 * running it once on a probe, so that the same conversion can run without its per-object cost (it builds
 * every object twice and filters it with a spread per key, which cost more than rendering the props).
 *
 * A generated converter is made of five expressions, and each shows on the probe:
 * - `obj.x` (a value passed through): the field's value is the probe of `x` itself;
 * - `obj.x?.value` (a union such as `IntOrString`): the probe of `x.value`;
 * - `toJson_T(obj.x)` (a struct): a plain object whose fields are read, in order, from the probe of `x`;
 * - `obj.x?.map(y => f(y))` (a list): `map` is called on the probe of `x`;
 * - `Object.entries(obj.x).reduce(...)` (a map of structs): the probe of `x` is listed for its keys;
 * - `obj.x?.toISOString()` (a date): `toISOString` is called on the probe of `x`.
 * Anything else (or a type that contains itself) gives no shape, and the caller keeps the converter.
 */
export type ConverterShape =
  | { readonly kind: 'pass' }
  | { readonly kind: 'union' }
  | { readonly kind: 'date' }
  | { readonly kind: 'struct'; readonly fields: readonly ShapeField[] }
  | { readonly kind: 'list'; readonly element: ConverterShape }
  | { readonly kind: 'map'; readonly value: ConverterShape };

export interface ShapeField {
  /** The key the converter writes. */
  readonly json: string;
  /** The props key it reads. */
  readonly prop: string;
  readonly shape: ConverterShape;
}

const PROBE = Symbol('probe');
const LIST = Symbol('list');
const DATE = Symbol('date');
const MAP_KEY = '\u0000entry';
/** Deeper than any type the library emits: a type that contains itself stops here. */
const MAX_DEPTH = 24;

interface ProbeState {
  readonly depth: number;
  /** The props keys read from this probe, in order. */
  readonly reads: string[];
}

class NoShape extends Error {}

function probe(depth: number): any {
  if (depth > MAX_DEPTH) {
    throw new NoShape('too deep');
  }
  const state: ProbeState = { depth, reads: [] };
  const children = new Map<string, any>();
  const child = (key: string) => {
    let c = children.get(key);
    if (c === undefined) {
      c = probe(depth + 1);
      children.set(key, c);
    }
    return c;
  };
  return new Proxy({}, {
    get(_target, key) {
      if (key === PROBE) return state;
      if (typeof key !== 'string') return undefined;
      if (key === 'map') return (f: (y: unknown) => unknown) => [LIST, f(child('[]'))];
      if (key === 'toISOString') return () => [DATE];
      state.reads.push(key);
      return child(key);
    },
    ownKeys: () => [MAP_KEY],
    getOwnPropertyDescriptor: (_target, key) => (key === MAP_KEY ? { value: child(MAP_KEY), enumerable: true, configurable: true, writable: true } : undefined),
  });
}

const stateOf = (value: unknown): ProbeState | undefined => (value !== null && typeof value === 'object' ? (value as any)[PROBE] : undefined);

/** What the converter made of the probe `input` (the value it returned for it is `output`). */
function shapeOf(input: any, output: unknown): ConverterShape {
  if (output === input) {
    return { kind: 'pass' };
  }
  if (output !== undefined && output === stateOrUndefinedChild(input, 'value')) {
    return { kind: 'union' };
  }
  if (Array.isArray(output) && output[0] === DATE) {
    return { kind: 'date' };
  }
  if (Array.isArray(output) && output[0] === LIST) {
    return { kind: 'list', element: shapeOf(childProbe(input, '[]'), output[1]) };
  }
  if (output === null || typeof output !== 'object' || stateOf(output) !== undefined || Object.getPrototypeOf(output) !== Object.prototype) {
    throw new NoShape('unknown expression');
  }
  const keys = Object.keys(output);
  if (keys.length === 1 && keys[0] === MAP_KEY) {
    return { kind: 'map', value: shapeOf(childProbe(input, MAP_KEY), (output as any)[MAP_KEY]) };
  }
  // One read per field, in the fields' order; `x === undefined ? ... : f(x)` reads `x` twice in a row.
  const reads = stateOf(input)!.reads.filter((key, i, all) => key !== all[i - 1]);
  if (reads.length !== keys.length || reads.some((key) => key in Object.prototype || key === MAP_KEY)) {
    throw new NoShape('fields and reads differ');
  }
  return {
    kind: 'struct',
    fields: keys.map((json, i) => ({ json, prop: reads[i], shape: shapeOf(childProbe(input, reads[i]), (output as any)[json]) })),
  };
}

/** The probe `parent` handed out for `key` (reading it again returns the same probe, without recording it). */
function childProbe(parent: any, key: string): any {
  const state = stateOf(parent)!;
  const reads = state.reads.length;
  const value = key === '[]' ? undefined : parent[key];
  state.reads.length = reads;
  if (key === '[]') {
    let element: any;
    parent.map((y: unknown) => { element = y; });
    return element;
  }
  return value;
}

function stateOrUndefinedChild(parent: any, key: string): unknown {
  return stateOf(parent) === undefined ? undefined : childProbe(parent, key);
}

/** The shape of `convert` (a generated `toJson_<Type>Props`), or undefined when it is not made of the five expressions. */
export function converterShape(convert: (props: any) => unknown): ConverterShape | undefined {
  try {
    const input = probe(0);
    const shape = shapeOf(input, convert(input));
    return shape.kind === 'struct' ? shape : undefined;
  } catch (e) {
    if (e instanceof NoShape || e instanceof RangeError || e instanceof TypeError) {
      return undefined;
    }
    throw e;
  }
}

/**
 * What the converter of `shape` returns for `value` (JSON as cdk8s renders it), expression by expression,
 * with the same JavaScript reads: the same result, without the converter's copies.
 */
export function applyShape(shape: ConverterShape, value: any): any {
  switch (shape.kind) {
    case 'pass':
      return value;
    case 'union':
      return value?.value;
    case 'date':
      return value?.toISOString();
    case 'list':
      return value?.map((y: unknown) => applyShape(shape.element, y));
    case 'map':
      return value === undefined ? undefined : mapEntries(value, (x) => applyShape(shape.value, x));
    case 'struct':
      return value === undefined ? undefined : struct(shape.fields, (field) => applyShape(field.shape, value[field.prop]));
  }
}

/** A struct as the converter builds it: the fields in its order, undefined ones left out. */
export function struct(fields: readonly ShapeField[], valueOf: (field: ShapeField) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const v = valueOf(field);
    if (v !== undefined) {
      out[field.json] = v;
    }
  }
  return out;
}

function mapEntries(value: any, convert: (x: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // The keys of `Object.entries`, read one by one: no pair per entry.
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const x = value[key];
    if (x === undefined) {
      continue;
    }
    if (key === '__proto__') {
      // The converter's `{ ...r, [key]: v }` defines the key; an assignment would set the prototype.
      Object.defineProperty(out, key, { value: convert(x), enumerable: true, configurable: true, writable: true });
    } else {
      out[key] = convert(x);
    }
  }
  return out;
}
