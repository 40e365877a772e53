import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import { hasDefaultResolvers, isUnpatched } from './cdk8s-internals';

/**
 * What a library object (a class of `withPlainRendering`) keeps so that its rendering need not be digested
 * or repeated: its props are private and never change after construction (docs/architecture.md), so its
 * rendering changes only with its metadata, its JSON patches, the app's resolvers and `CDK8S_DISABLE_SORT`.
 */
export interface StampedRendering {
  /** A number of its own (`nextRenderId`), so a digest tells objects apart without a table of them. */
  readonly renderId: number;
  /** Counts the changes of the metadata made through its methods (`addLabel`, `add`, ...). */
  renderStamp: number;
  /** The metadata holds an object a caller passed in (`add(key, object)`, an owner reference): only a digest can tell its changes. */
  exactMetadata: boolean;
  /** The last rendering took the one-walk path: the props hold no token, so they render the same every time. */
  plainProps: boolean;
  /** The rendering the layer check made, for the one `toJson()` caller that comes next (see `takeHandOver`). */
  handOver: HandOver | undefined;
  /** A fresh rendering for the layer check (keys sorted or not), kept for the next `toJson()` caller (`offerHandOver`). */
  renderForCheck(sortKeys: boolean): any;
}

interface HandOver {
  readonly json: any;
  readonly stamp: number;
  readonly sorted: boolean;
}

let renderIds = 0;

/** A number no other library object has: the `renderId` of a new one. */
export function nextRenderId(): number {
  return renderIds++;
}

/**
 * The renderings the layer check reads: handed over to synthesis for a library object, a plain `toJson()`
 * for any other. The check only reads them (test/rendering/render-once.test.ts freezes them to make sure).
 * The sort switch is read once for all of them (a handed-over rendering remembers it).
 */
export function renderAllForCheck(objects: readonly ApiObject[]): any[] {
  const sortKeys = isSortedRendering();
  return objects.map((o) => stamped(o)?.renderForCheck(sortKeys) ?? o.toJson());
}

/** `o` as a library object with a render stamp, or undefined for any other ApiObject. */
export function stamped(o: ApiObject): (ApiObject & StampedRendering) | undefined {
  return typeof (o as Partial<StampedRendering>).renderStamp === 'number' ? o as ApiObject & StampedRendering : undefined;
}

/**
 * A number that changes whenever `o`'s rendering may have changed, given the sort switch
 * (`isSortedRendering`, read once by the caller for many objects), or undefined where only a digest of its
 * inputs can tell (not a library object, never rendered in one walk, patched, or with caller-held objects
 * in its metadata). Only meaningful for an app with the default resolvers.
 */
export function renderStampOf(o: ApiObject): number | undefined {
  const s = stamped(o);
  if (s === undefined || !s.plainProps || s.exactMetadata || !isUnpatched(s)) {
    return undefined;
  }
  return s.renderStamp;
}

/** Keeps `json`, the rendering just made for the layer check (keys sorted or not), for the next `toJson()` of `o`. */
export function offerHandOver(o: StampedRendering, json: any, sortKeys: boolean): void {
  o.handOver = o.plainProps ? { json, stamp: o.renderStamp, sorted: sortKeys } : undefined;
}

/**
 * The rendering kept by `offerHandOver`, once: the first caller gets it and later callers get a fresh
 * rendering, so no caller ever receives an object another caller outside the check could have changed.
 * Undefined when anything the rendering depends on changed since it was made.
 */
export function takeHandOver(o: ApiObject & StampedRendering): any | undefined {
  const h = o.handOver;
  if (h === undefined) {
    return undefined;
  }
  o.handOver = undefined;
  const unchanged = h.stamp === o.renderStamp && !o.exactMetadata && isUnpatched(o)
    && h.sorted === isSortedRendering() && hasDefaultResolvers(o);
  return unchanged ? h.json : undefined;
}

/** Whether renderings sort their keys now (`CDK8S_DISABLE_SORT` unset), one input of every stamped rendering. */
export function isSortedRendering(): boolean {
  return !process.env.CDK8S_DISABLE_SORT;
}

type Mutator = 'add' | 'addLabel' | 'addAnnotation' | 'addFinalizers' | 'addOwnerReference';
const MUTATORS: readonly Mutator[] = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'];

/**
 * The metadata's methods, each also bumping its object's stamp (and marking it exact when it is given an
 * object, which the caller may change later). One shared prototype, so all metadata keep one shape.
 */
const STAMPING_METADATA: ApiObjectMetadataDefinition = (() => {
  const proto = Object.create(ApiObjectMetadataDefinition.prototype);
  for (const name of MUTATORS) {
    const original = (ApiObjectMetadataDefinition.prototype as any)[name] as (...args: unknown[]) => void;
    proto[name] = function (this: { apiObject: StampedRendering }, ...args: unknown[]) {
      const owner = this.apiObject;
      owner.renderStamp++;
      if (args.some((a) => a !== null && (typeof a === 'object' || typeof a === 'function'))) {
        owner.exactMetadata = true;
      }
      return original.apply(this, args);
    };
  }
  return proto;
})();

/** Makes `o`'s metadata bump `o`'s stamp on every change (called once, in the constructor). */
export function stampMetadata(o: ApiObject & StampedRendering): void {
  Object.setPrototypeOf(o.metadata, STAMPING_METADATA);
}
