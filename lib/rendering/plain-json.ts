import { ApiObject, Lazy as LazyExport } from 'cdk8s';
import { hasDefaultResolvers, renderInputs } from './cdk8s-internals';
import { applyShape, ConverterShape } from './converter-shape';

/** Read once: cdk8s's index exports its classes through getters, a call on every use. */
const Lazy = LazyExport;

/** Thrown by `plainValue` when a value needs cdk8s's own resolution (a token, a Lazy, an unknown class). */
const NEEDS_RESOLUTION = Symbol('needs-resolution');

/** The options of cdk8s's `sanitizeValue` that its renderings use. */
interface Sanitize {
  readonly sortKeys: boolean;
  /** Drops empty arrays and objects (as cdk8s does for `metadata`). */
  readonly filterEmpty: boolean;
}

/**
 * What cdk8s's `resolve` followed by `sanitizeValue` makes of `value` when the app has only the default
 * resolvers: union values (`IntOrString`) become `{ value }`, null and undefined members are dropped and
 * keys are sorted. Anything those resolvers would change otherwise throws `NEEDS_RESOLUTION`.
 */
function plainValue(value: any, options: Sanitize): any {
  if (value === null || value === undefined) {
    return undefined;
  }
  const type = typeof value;
  if (type !== 'object') {
    if (type === 'function') {
      throw NEEDS_RESOLUTION;
    }
    return value;
  }
  if (value instanceof Lazy || typeof value.resolve === 'function') {
    throw NEEDS_RESOLUTION;
  }
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    const union = (value as { value?: unknown }).value;
    if (proto !== Array.prototype || typeof union === 'number' || typeof union === 'string') {
      throw NEEDS_RESOLUTION;
    }
    return options.filterEmpty && value.length === 0 ? undefined : value.map((item) => plainValue(item, options));
  }
  if (proto === Object.prototype && value.constructor === Object) {
    return plainObject(value, options);
  }
  if (proto !== Object.prototype && value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return { value: value.value };
  }
  throw NEEDS_RESOLUTION;
}

function plainObject(value: Record<string, any>, options: Sanitize): any {
  const keys = Object.keys(value);
  if (options.sortKeys) {
    keys.sort();
  }
  const out: Record<string, any> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = plainValue(value[key], options);
    if (item !== null && item !== undefined) {
      out[key] = item;
    }
  }
  return options.filterEmpty && Object.keys(out).length === 0 ? undefined : out;
}

/** The fields of cdk8s's `ApiObjectMetadataDefinition` that its `toJson` renders. */
interface MetadataFields {
  readonly _additionalAttributes?: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: string[];
  readonly ownerReferences?: unknown[];
  readonly labels?: Record<string, string>;
}

/** The options of the props' rendering, by `CDK8S_DISABLE_SORT`. */
const SORTED: Sanitize = { sortKeys: true, filterEmpty: false };
const UNSORTED: Sanitize = { sortKeys: false, filterEmpty: false };

/** The options `obj.metadata.toJson()` renders with. */
const METADATA: Sanitize = { sortKeys: true, filterEmpty: true };

/** The fields of `MetadataFields` that `toJson` renders, in sorted order. */
const METADATA_KEYS = ['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences'] as const;

const isMetadataField = (key: string): boolean => (METADATA_KEYS as readonly string[]).includes(key);

/**
 * `plainValue(value, METADATA)` for one metadata field, with the usual values (a name, a map of strings such
 * as the labels, an empty list) rendered directly. Anything else takes the general walk, whose recursion,
 * inlined here by V8, made `plainMetadata` the costliest function to compile in a synthesis.
 */
function plainMetadataField(value: unknown): any {
  if (typeof value === 'string') {
    return value;
  }
  if (isPlainList(value) && (value as unknown[]).length === 0) {
    return undefined;
  }
  return isPlainRecord(value) ? plainStringMap(value as Record<string, unknown>) : plainValue(value, METADATA);
}

/** A plain record of strings with its keys sorted and null or undefined members dropped (undefined when empty), or else `plainValue`'s rendering of it. */
function plainStringMap(map: Record<string, unknown>): Record<string, string> | undefined {
  const keys = Object.keys(map).sort();
  const out: Record<string, string> = {};
  let empty = true;
  for (const key of keys) {
    const item = map[key];
    if (typeof item === 'string') {
      out[key] = item;
      empty = false;
    } else if (item !== null && item !== undefined) {
      return plainValue(map, METADATA);
    }
  }
  return empty ? undefined : out;
}

/** What `obj.metadata.toJson()` renders (it sorts keys and drops empty members whatever `CDK8S_DISABLE_SORT` says). */
function plainMetadata(obj: ApiObject): any {
  const m = obj.metadata as unknown as MetadataFields;
  if (typeof m._additionalAttributes !== 'object' || typeof m.labels !== 'object' || typeof m.annotations !== 'object'
    || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)) {
    return obj.metadata.toJson();
  }
  if (m._additionalAttributes !== null && Object.keys(m._additionalAttributes).every(isMetadataField)) {
    // The usual case (the additional attributes are the options the object was made with, whose fields
    // the merge below overrides), without the merged copy: a literal that starts with a spread gets a
    // hidden class of its own per object. The same fields, read in sorted order.
    const out: Record<string, any> = {};
    let empty = true;
    for (let i = 0; i < METADATA_KEYS.length; i++) {
      const key = METADATA_KEYS[i];
      const item = plainMetadataField(m[key]);
      if (item !== undefined) {
        out[key] = item;
        empty = false;
      }
    }
    return empty ? undefined : out;
  }
  return plainValue({
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, METADATA);
}

/**
 * The JSON that `ApiObject.prototype.toJson` renders for `obj`, computed in one walk instead of cdk8s's
 * per-value resolution (a context object, three resolvers and a climb to the app for every value, which
 * costs more the deeper the object sits in the construct tree). Undefined when the shortcut does not apply:
 * the app has its own resolvers, the object carries JSON patches, or a value needs resolving; the caller
 * then renders the usual way, so the result is always the one cdk8s would give.
 */
export function plainApiObjectJson(obj: ApiObject, sortKeys = !process.env.CDK8S_DISABLE_SORT): any | undefined {
  const internals = shortcutInputs(obj);
  if (internals === undefined) {
    return undefined;
  }
  let json: Record<string, any>;
  try {
    // The rendered metadata is already plain: resolving and sanitizing it again would copy it unchanged.
    const { metadata: _declared, ...props } = internals.props;
    json = plainObject(props, sortKeys ? SORTED : UNSORTED);
    const metadata = plainMetadata(obj);
    if (metadata !== undefined) {
      json.metadata = metadata;
    }
  } catch (e) {
    if (e === NEEDS_RESOLUTION) {
      return undefined;
    }
    throw e;
  }
  const result: Record<string, any> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) {
    if (key in json) {
      result[key] = json[key];
    }
  }
  return result;
}

/** The props to render in one walk, or undefined when the shortcut does not apply (patches, own resolvers). */
function shortcutInputs(obj: ApiObject): { readonly props: Record<string, unknown> } | undefined {
  const internals = renderInputs(obj);
  return internals === undefined || internals.patches.length > 0 || !hasDefaultResolvers(obj) ? undefined : internals;
}

/**
 * What a generated class's `toJson` renders for `obj` (`{ ...GVK, ...convert(plainApiObjectJson(obj)) }`,
 * where `convert` is the generated converter of shape `shape`), in one walk of the props that converts as
 * it goes: a struct is built once, in the converter's key order, instead of sorted, then rebuilt and
 * filtered. Where a value is not what the converter expects, it is rendered first and then converted, so
 * the result is the composition's in every case. Undefined where `plainApiObjectJson` would be.
 */
export function plainTypedJson(
  obj: ApiObject, gvk: { readonly apiVersion: string; readonly kind: string }, shape: ConverterShape & { kind: 'struct' }, sortKeys: boolean,
): any | undefined {
  const internals = shortcutInputs(obj);
  if (internals === undefined) {
    return undefined;
  }
  const options = sortKeys ? SORTED : UNSORTED;
  try {
    // The converter's struct (fields in its order, undefined ones left out) after the GVK, built in place.
    const json: Record<string, unknown> = { apiVersion: gvk.apiVersion, kind: gvk.kind };
    const fields = shape.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const v = field.prop === 'metadata'
        ? applyShape(field.shape, plainMetadata(obj))
        : convertedValue(field.shape, internals.props[field.prop], options);
      if (v !== undefined) {
        json[field.json] = v;
      }
    }
    return json;
  } catch {
    // A value to resolve, or props the converter cannot convert: cdk8s's own path renders them, or
    // reports the error it reports (it resolves every value before converting any).
    return undefined;
  }
}

/** `applyShape(shape, plainValue(value))`, without building the rendered value first where the shape says what to build. */
function convertedValue(shape: ConverterShape, value: any, options: Sanitize): any {
  if (shape.kind === 'struct' && isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    const fields = shape.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const v = convertedValue(field.shape, value[field.prop], options);
      if (v !== undefined) {
        out[field.json] = v;
      }
    }
    return out;
  }
  if (shape.kind === 'list' && isPlainList(value)) {
    return value.map((item: unknown) => convertedValue(shape.element, item, options));
  }
  // Most leaves pass through, which `applyShape` would return unchanged.
  return shape.kind === 'pass' ? plainValue(value, options) : applyShape(shape, plainValue(value, options));
}

function isPlainRecord(value: any): boolean {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && value.constructor === Object
    && !(value instanceof Lazy) && typeof value.resolve !== 'function';
}

function isPlainList(value: any): boolean {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype
    && typeof (value as { value?: unknown }).value !== 'number' && typeof (value as { value?: unknown }).value !== 'string';
}
