/** Transport protocols NetworkPolicies can name. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

type Ranges = ReadonlyArray<readonly [number, number]>;

/** An immutable set of ports per protocol, kept as sorted, merged ranges so sets compare by value. */
export class PortSet {
  public static readonly EMPTY = new PortSet(new Map());
  public static readonly ALL = new PortSet(new Map(PROTOCOLS.map((p) => [p, [[1, 65535]] as Ranges])));

  public static of(protocol: string, from: number, to: number = from): PortSet {
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
    const out = new Map(this.byProtocol);
    for (const [proto, ranges] of other.byProtocol) {
      out.set(proto, merge([...(out.get(proto) ?? []), ...ranges]));
    }
    return new PortSet(out);
  }

  public intersect(other: PortSet): PortSet {
    const out = new Map<string, Ranges>();
    for (const [proto, a] of this.byProtocol) {
      const b = other.byProtocol.get(proto) ?? [];
      const both: [number, number][] = [];
      for (const [af, at] of a) {
        for (const [bf, bt] of b) {
          const from = Math.max(af, bf);
          const to = Math.min(at, bt);
          if (from <= to) {
            both.push([from, to]);
          }
        }
      }
      if (both.length > 0) {
        out.set(proto, merge(both));
      }
    }
    return new PortSet(out);
  }

  public contains(protocol: string, port: number): boolean {
    return (this.byProtocol.get(protocol) ?? []).some(([f, t]) => f <= port && port <= t);
  }

  public equals(other: PortSet): boolean {
    return this.toString() === other.toString();
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
