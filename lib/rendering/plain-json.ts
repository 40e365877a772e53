import { ApiObject, Lazy } from 'cdk8s';
import { hasDefaultResolvers, renderInputs } from './cdk8s-internals';

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
  for (const key of keys) {
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

/** What `obj.metadata.toJson()` renders (it sorts keys and drops empty members whatever `CDK8S_DISABLE_SORT` says). */
function plainMetadata(obj: ApiObject): any {
  const m = obj.metadata as unknown as MetadataFields;
  if (typeof m._additionalAttributes !== 'object' || typeof m.labels !== 'object' || typeof m.annotations !== 'object'
    || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)) {
    return obj.metadata.toJson();
  }
  return plainValue({
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, { sortKeys: true, filterEmpty: true });
}

/**
 * The JSON that `ApiObject.prototype.toJson` renders for `obj`, computed in one walk instead of cdk8s's
 * per-value resolution (a context object, three resolvers and a climb to the app for every value, which
 * costs more the deeper the object sits in the construct tree). Undefined when the shortcut does not apply:
 * the app has its own resolvers, the object carries JSON patches, or a value needs resolving; the caller
 * then renders the usual way, so the result is always the one cdk8s would give.
 */
export function plainApiObjectJson(obj: ApiObject): any | undefined {
  const internals = renderInputs(obj);
  if (internals === undefined || internals.patches.length > 0 || !hasDefaultResolvers(obj)) {
    return undefined;
  }
  let json: Record<string, any>;
  try {
    // The rendered metadata is already plain: resolving and sanitizing it again would copy it unchanged.
    const { metadata: _declared, ...props } = internals.props;
    json = plainObject(props, { sortKeys: !process.env.CDK8S_DISABLE_SORT, filterEmpty: false });
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
