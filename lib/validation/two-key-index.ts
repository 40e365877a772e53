/**
 * Lists by two keys, as maps of maps rather than by one joined string: a lookup then builds no string,
 * and the keys are the rendered objects' own strings, whose hashes V8 keeps. Keys are compared as
 * strings (`String(key)`), as a joined key would compare them.
 */
export class TwoKeyIndex<V> {
  private readonly outer = new Map<string, Map<string, V[]>>();

  public push(a: unknown, b: unknown, value: V): void {
    const ka = String(a);
    let inner = this.outer.get(ka);
    if (inner === undefined) {
      inner = new Map();
      this.outer.set(ka, inner);
    }
    const kb = String(b);
    const list = inner.get(kb);
    if (list === undefined) inner.set(kb, [value]);
    else list.push(value);
  }

  public get(a: unknown, b: unknown): V[] | undefined {
    return this.outer.get(String(a))?.get(String(b));
  }
}
