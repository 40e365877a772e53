import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { converterShape, ConverterShape } from './converter-shape';
import { plainApiObjectJson, plainTypedJson } from './plain-json';
import { nextRenderId, offerHandOver, StampedRendering, stampMetadata, takeHandOver } from './render-stamp';

/** A typed API object class as `cdk8s import` generates it: a static GVK and a props-to-JSON converter. */
type TypedApiObjectClass = (new (...args: any[]) => ApiObject) & { readonly GVK: { apiVersion: string; kind: string } };

/**
 * `Base` (a class from `cdk8s import`) whose `toJson` renders the same document with the shortcut of
 * `plainApiObjectJson`, and falls back to `Base`'s own rendering where that does not apply. The objects
 * are still instances of `Base`, with its props type, `defaultChild` and escape hatches.
 *
 * Their props are private and never change after construction, so they carry a render stamp instead
 * (lib/rendering/render-stamp.ts): the layer check tells change from it, and hands the rendering it made
 * to the next `toJson()` caller (synthesis) instead of rendering the object a second time.
 * The converter `toJsonProps` runs fused into the walk where its shape can be read (converter-shape.ts).
 */
export function withPlainRendering<T extends TypedApiObjectClass>(Base: T, toJsonProps: (resolved: any) => Record<string, any> | undefined): T {
  let shape: ConverterShape | null | undefined; // null: read, and not made of the known expressions
  const shapeOfProps = () => {
    if (shape === undefined) {
      shape = converterShape(toJsonProps) ?? null;
    }
    return shape ?? undefined;
  };
  const { apiVersion, kind } = Base.GVK;
  return reparented(Base, class extends ApiObject implements StampedRendering {
    public readonly renderId = nextRenderId();
    public renderStamp = 0;
    public exactMetadata = false;
    public plainProps = false;
    public handOver: StampedRendering['handOver'] = undefined;

    constructor(scope: Construct, id: string, props: object) {
      // What `Base`'s generated constructor passes (`{ ...GVK, ...props }`: same keys, same order, same
      // values), written as a literal that starts with its fields: in Node 20 a literal that starts with a
      // spread gets a hidden class of its own per object, which every later read of the props misses.
      super(scope, id, { apiVersion, kind, ...props });
      stampMetadata(this);
    }

    public toJson(): any {
      return takeHandOver(this) ?? this.freshRendering(!process.env.CDK8S_DISABLE_SORT);
    }

    public renderForCheck(sortKeys: boolean): any {
      const json = this.freshRendering(sortKeys);
      offerHandOver(this, json, sortKeys);
      return json;
    }

    private freshRendering(sortKeys: boolean): any {
      const fused = shapeOfProps();
      let json: any;
      if (fused?.kind === 'struct') {
        json = plainTypedJson(this, Base.GVK, fused, sortKeys);
      } else {
        const resolved = plainApiObjectJson(this, sortKeys);
        json = resolved === undefined ? undefined : { apiVersion: Base.GVK.apiVersion, kind: Base.GVK.kind, ...toJsonProps(resolved) };
      }
      this.plainProps = json !== undefined;
      return json ?? super.toJson(); // `Base`'s own rendering (see `reparented`)
    }
  });
}

/**
 * `Typed`, made a subclass of `Base` for everything but construction: its instances are `Base`s
 * (`instanceof`, `Base`'s methods, `super` in `Typed`'s methods), while its constructor calls `ApiObject`'s
 * directly, which is all a generated constructor does besides its spread. `Base`'s GVK stays readable.
 */
function reparented<T extends TypedApiObjectClass>(Base: T, Typed: new (scope: Construct, id: string, props: any) => ApiObject): T {
  Object.setPrototypeOf(Typed.prototype, Base.prototype);
  Object.defineProperty(Typed, 'GVK', { value: Base.GVK });
  return Typed as unknown as T;
}
