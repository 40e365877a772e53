/** Transport protocols NetworkPolicies can name. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

type Ranges = ReadonlyArray<readonly [number, number]>;

/**
 * An immutable set of ports per protocol, kept as sorted, merged ranges so sets compare by value.
 * Range arrays are never mutated once built, so sets share them; the operations return one of their
 * operands when the result equals it (the evaluators combine the same few sets millions of times).
 */
export class PortSet {
  public static readonly EMPTY = new PortSet(new Map());
  public static readonly ALL = new PortSet(new Map(PROTOCOLS.map((p) => [p, [[1, 65535]] as Ranges])));

  /** The ports `from`..`to` of `protocol`; none when `to` is below `from` (an `endPort` under its `port`). */
  public static of(protocol: string, from: number, to: number = from): PortSet {
    if (to < from) return PortSet.EMPTY;
    return new PortSet(new Map([[protocol, [[from, to]] as Ranges]]));
  }

  /** Every port of one protocol. */
  public static allOf(protocol: string): PortSet {
    return PortSet.of(protocol, 1, 65535);
  }

  private constructor(private readonly byProtocol: ReadonlyMap<string, Ranges>) {}

  public get isEmpty(): boolean {
    return this.byProtocol.size === 0;
  }

  public union(other: PortSet): PortSet {
    if (other === this || other.isEmpty) return this;
    if (this.isEmpty) return other;
    // The evaluators join the same few sets over and over: one result object per pair of sets.
    let unions = this.unions;
    if (unions === undefined) {
      unions = this.unions = new WeakMap();
    }
    let result = unions.get(other);
    if (result === undefined) {
      result = this.merged(other);
      unions.set(other, result);
    }
    return result;
  }

  /** Unions with this set, by the other operand. */
  private unions: WeakMap<PortSet, PortSet> | undefined;

  private merged(other: PortSet): PortSet {
    let out: Map<string, Ranges> | undefined;
    for (const [proto, ranges] of other.byProtocol) {
      const mine = this.byProtocol.get(proto);
      const merged = mine === undefined ? ranges : covers(mine, ranges) ? mine : merge([...mine, ...ranges]);
      if (merged !== mine) {
        out ??= new Map(this.byProtocol);
        out.set(proto, merged);
      }
    }
    return out === undefined ? this : new PortSet(out);
  }

  public intersect(other: PortSet): PortSet {
    if (other === this || other === PortSet.ALL) return this;
    if (this === PortSet.ALL) return other;
    if (this.isEmpty || other.isEmpty) return PortSet.EMPTY;
    const out = new Map<string, Ranges>();
    for (const [proto, a] of this.byProtocol) {
      const b = other.byProtocol.get(proto);
      if (b === undefined) continue;
      const both = a === b ? a : intersectRanges(a, b);
      if (both.length > 0) out.set(proto, both);
    }
    return out.size === this.byProtocol.size && [...out].every(([p, r]) => r === this.byProtocol.get(p)) ? this : new PortSet(out);
  }

  /** The ports of this set that `other` does not hold. */
  public minus(other: PortSet): PortSet {
    if (other === this || other === PortSet.ALL || this.isEmpty) return PortSet.EMPTY;
    if (other.isEmpty) return this;
    let out: Map<string, Ranges> | undefined;
    for (const [proto, a] of this.byProtocol) {
      const b = other.byProtocol.get(proto);
      const rest = b === undefined ? a : subtractRanges(a, b);
      if (rest !== a) {
        out ??= new Map(this.byProtocol);
        if (rest.length > 0) out.set(proto, rest);
        else out.delete(proto);
      }
    }
    return out === undefined ? this : out.size === 0 ? PortSet.EMPTY : new PortSet(out);
  }

  public contains(protocol: string, port: number): boolean {
    return (this.byProtocol.get(protocol) ?? []).some(([f, t]) => f <= port && port <= t);
  }

  /** Whether the set holds any port of `protocol`. */
  public hasProtocol(protocol: string): boolean {
    return this.byProtocol.has(protocol);
  }

  public equals(other: PortSet): boolean {
    if (other === this) return true;
    if (other.byProtocol.size !== this.byProtocol.size) return false;
    // `forEach`, not `for…of`: the check compares sets for every target, and a Map's iterator makes this
    // costlier for V8's optimizing compiler than the comparison itself.
    let same = true;
    this.byProtocol.forEach((a, proto) => {
      const b = other.byProtocol.get(proto);
      if (same && (b === undefined || !sameRanges(a, b))) same = false;
    });
    return same;
  }

  /** Protocols in a fixed order, each with its ranges. */
  public entries(): { protocol: string; ranges: [number, number][] }[] {
    return [...this.byProtocol.keys()].sort().map((protocol) => ({ protocol, ranges: this.byProtocol.get(protocol)!.map(([f, t]) => [f, t] as [number, number]) }));
  }

  /** `TCP 53,8080-8081;UDP 53`, or `All Connections`/`No Connections`. */
  public toString(): string {
    if (this.isEmpty) {
      return 'No Connections';
    }
    return this.entries().map(({ protocol, ranges }) => `${protocol} ${ranges.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(',')}`).join(';');
  }
}

function merge(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [f, t] of sorted) {
    const last = out[out.length - 1];
    if (last && f <= last[1] + 1) {
      last[1] = Math.max(last[1], t);
    } else {
      out.push([f, t]);
    }
  }
  return out;
}

/** Whether the merged ranges `a` hold every port of `b`. */
function covers(a: Ranges, b: Ranges): boolean {
  if (a === b) return true;
  let i = 0;
  for (const [bf, bt] of b) {
    while (i < a.length && a[i][1] < bf) i++;
    if (i === a.length || a[i][0] > bf || a[i][1] < bt) return false;
  }
  return true;
}

function sameRanges(a: Ranges, b: Ranges): boolean {
  return a === b || (a.length === b.length && a.every(([f, t], i) => b[i][0] === f && b[i][1] === t));
}

/** The intersection of two merged range lists (merged, since both are). */
function intersectRanges(a: Ranges, b: Ranges): Ranges {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i][0], b[j][0]);
    const to = Math.min(a[i][1], b[j][1]);
    if (from <= to) out.push([from, to]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return sameRanges(out, a) ? a : out;
}

/** `a` without the ports of `b`, both merged; `a` itself when nothing is removed. */
function subtractRanges(a: Ranges, b: Ranges): Ranges {
  const out: [number, number][] = [];
  let j = 0;
  for (const [af, at] of a) {
    let from = af;
    while (j < b.length && b[j][1] < from) j++;
    let k = j;
    while (k < b.length && b[k][0] <= at && from <= at) {
      if (b[k][0] > from) out.push([from, b[k][0] - 1]);
      from = Math.max(from, b[k][1] + 1);
      k++;
    }
    if (from <= at) out.push([from, at]);
  }
  return sameRanges(out, a) ? a : out;
}
