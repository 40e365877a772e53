import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { hasDefaultResolvers, renderInputs } from '../rendering/cdk8s-internals';
import { isSortedRendering, renderStampOf, stamped } from '../rendering/render-stamp';

/**
 * A digest of everything the `toJson()` of some ApiObjects is computed from, without rendering them
 * (rendering costs about ten times more): which objects there are, in order (an added or removed
 * object changes it), and for each its props, its JSON patches (`addJsonPatch`, with the values they
 * carry) and its metadata (what `metadata.addLabel`, `addAnnotation`, `add`, ... change). Equal digests
 * mean equal renderings. Where the inputs do not determine the rendering, the rendering itself is
 * digested: for an object whose inputs hold a token (a `Lazy` or an implicit token, which may resolve
 * differently on each call), and for every object of an app with resolvers of its own.
 */
export class RenderFingerprint {
  /** A number per object seen that has none of its own, so the digest tells objects apart without holding them. */
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  public digest(objects: readonly ApiObject[]): string {
    // With only the default resolvers, a rendering is a function of the inputs digested below.
    const customResolvers = objects.length > 0 && !hasDefaultResolvers(objects[0]);
    // The sort switch is one input of every stamped rendering: read once, not once per object.
    const parts: string[] = [isSortedRendering() ? 'sorted' : 'unsorted'];
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i];
      const stamp = customResolvers ? undefined : renderStampOf(o);
      parts.push(`${this.id(o)}:${stamp !== undefined ? `stamp:${stamp}` : customResolvers ? rendered(o) : renderInputsJson(o)}`);
    }
    // One hash of the joined parts: a hash update per object costs more than the join.
    return createHash('sha256').update(parts.join('\n')).digest('hex');
  }

  /** The library's objects carry a number of their own (`r<n>`); any other object gets one here. */
  private id(o: ApiObject): string | number {
    const own = stamped(o)?.renderId;
    if (own !== undefined) {
      return `r${own}`;
    }
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(o, id);
    }
    return id;
  }
}

/**
 * The inputs of one object's rendering as JSON, or its rendering when they hold a token (or cannot be
 * read): equal strings mean equal renderings, for an app with the default resolvers.
 */
export function renderInputsJson(o: ApiObject): string {
  const internals = renderInputs(o);
  if (internals === undefined) {
    return rendered(o); // a cdk8s that keeps them elsewhere: render, to stay correct
  }
  let tokens = false;
  let json: string | undefined;
  try {
    json = JSON.stringify([internals.props, internals.patches, o.metadata], (key, value) => {
      if (key === 'apiObject') return undefined; // the metadata's back-reference to `o`
      if (value !== null && typeof value === 'object' && (typeof value.resolve === 'function' || typeof value.produce === 'function')) tokens = true;
      return value;
    });
  } catch {
    tokens = true; // not plain data (a cycle, a BigInt): let the rendering decide
  }
  return tokens || json === undefined ? rendered(o) : json;
}

function rendered(o: ApiObject): string {
  return `rendered:${JSON.stringify(o.toJson())}`;
}
