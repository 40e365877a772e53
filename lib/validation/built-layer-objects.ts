import { ApiObject } from 'cdk8s';
import { hasDefaultResolvers, isUnpatched } from '../rendering/cdk8s-internals';
import { stamped } from '../rendering/render-stamp';
import { renderInputsJson } from './render-fingerprint';

/**
 * The layer objects a blueprint built, as it built them: what the synth-time check needs to tell that
 * the chart's layer objects are exactly the blueprint's own output, unchanged. Then the check has nothing
 * of the user's to judge, and the planners that made the objects are verified by the test suite, not at
 * every synthesis (`CDK8S_ZERO_TRUST_LAYER_CHECK=always` verifies them too, see layer-check-mode.ts).
 *
 * A library object is told by its render stamp, which every metadata change bumps, and by having no
 * JSON patch; an object without a stamp (the zone Namespaces) by the JSON of its rendering's inputs.
 */
export class BuiltLayerObjects {
  /** Each built object with its render stamp when built, or the JSON of its inputs when it has no stamp. */
  private readonly built = new Map<ApiObject, number | string>();

  /** Records `objects` as built now (the blueprint calls it once, at the end of its construction). */
  public record(objects: readonly ApiObject[]): void {
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i];
      const s = stamped(o);
      this.built.set(o, s !== undefined ? s.renderStamp : renderInputsJson(o));
    }
  }

  /**
   * Whether `objects` (the layer objects of the chart) are exactly the built ones, none added or removed,
   * none patched or relabelled, in an app whose resolvers are cdk8s's own (others may change any value).
   */
  public unchanged(objects: readonly ApiObject[]): boolean {
    if (objects.length !== this.built.size || (objects.length > 0 && !hasDefaultResolvers(objects[0]))) {
      return false;
    }
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i];
      const was = this.built.get(o);
      if (was === undefined || !isUnpatched(o)) return false;
      const s = stamped(o);
      if (s !== undefined ? s.renderStamp !== was : renderInputsJson(o) !== was) return false;
    }
    return true;
  }
}
