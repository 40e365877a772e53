import { ApiObject } from 'cdk8s';
import { plainApiObjectJson } from './plain-json';

/** A typed API object class as `cdk8s import` generates it: a static GVK and a props-to-JSON converter. */
type TypedApiObjectClass = (new (...args: any[]) => ApiObject) & { readonly GVK: { apiVersion: string; kind: string } };

/**
 * `Base` (a class from `cdk8s import`) whose `toJson` renders the same document with the shortcut of
 * `plainApiObjectJson`, and falls back to `Base`'s own rendering where that does not apply. The objects
 * are still instances of `Base`, with its props type, `defaultChild` and escape hatches.
 */
export function withPlainRendering<T extends TypedApiObjectClass>(Base: T, toJsonProps: (resolved: any) => Record<string, any> | undefined): T {
  return class extends Base {
    public toJson(): any {
      const resolved = plainApiObjectJson(this);
      return resolved === undefined ? super.toJson() : { ...Base.GVK, ...toJsonProps(resolved) };
    }
  };
}
