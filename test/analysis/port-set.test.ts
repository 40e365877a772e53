// PortSet's operations return shared operands and skip work where they can: held against a set of
// ports written out point by point, over generated sets (fixed seed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS, PortSet } from '../../lib/analysis/port-set';
import { seed } from '../property/settings';

/**
 * Range bounds are 1..30 or 65535, so ports 31..65534 behave as one block: the oracle holds the points
 * 1..30, the block (as 31) and 65535, per protocol.
 */
const POINTS = [...Array.from({ length: 31 }, (_, i) => i + 1), 65535];
const interval = (p: number): [number, number] => (p === 31 ? [31, 65534] : [p, p]);
const bound = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant(65535));
const range = fc.record({ protocol: fc.constantFrom(...PROTOCOLS), from: bound, to: bound });
const ranges = fc.array(range, { maxLength: 5 });
const operand = fc.oneof({ weight: 6, arbitrary: ranges.map((rs) => ({ kind: 'ranges' as const, rs })) }, { weight: 1, arbitrary: fc.constant({ kind: 'all' as const, rs: [] }) });
type Operand = typeof operand extends fc.Arbitrary<infer T> ? T : never;

function build(o: Operand): PortSet {
  return o.kind === 'all' ? PortSet.ALL : o.rs.reduce((set, r) => set.union(PortSet.of(r.protocol, r.from, r.to)), PortSet.EMPTY);
}

function oracle(o: Operand): Set<string> {
  const out = new Set<string>();
  for (const protocol of PROTOCOLS) {
    for (const p of POINTS) {
      const [from, to] = interval(p);
      if (o.kind === 'all' || o.rs.some((r) => r.protocol === protocol && r.from <= from && to <= r.to)) out.add(`${protocol}:${p}`);
    }
  }
  return out;
}

/** The canonical text of a point set: merged ranges per protocol, protocols sorted. */
function text(points: Set<string>): string {
  const parts: string[] = [];
  for (const protocol of [...PROTOCOLS].sort()) {
    const merged: [number, number][] = [];
    for (const p of POINTS.filter((q) => points.has(`${protocol}:${q}`))) {
      const [from, to] = interval(p);
      const last = merged[merged.length - 1];
      if (last && last[1] + 1 === from) last[1] = to;
      else merged.push([from, to]);
    }
    if (merged.length > 0) parts.push(`${protocol} ${merged.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(',')}`);
  }
  return parts.length === 0 ? 'No Connections' : parts.join(';');
}

const SEED = seed();

describe(`PortSet against a point-by-point oracle (seed ${SEED})`, () => {
  it('union, intersection and difference hold exactly the expected ports, in canonical form', () => {
    fc.assert(fc.property(operand, operand, (a, b) => {
      const [x, y] = [build(a), build(b)];
      const [ox, oy] = [oracle(a), oracle(b)];
      expect(x.toString()).toBe(text(ox));
      expect(x.union(y).toString()).toBe(text(new Set([...ox, ...oy])));
      expect(x.intersect(y).toString()).toBe(text(new Set([...ox].filter((p) => oy.has(p)))));
      expect(x.minus(y).toString()).toBe(text(new Set([...ox].filter((p) => !oy.has(p)))));
      expect(x.equals(y)).toBe(text(ox) === text(oy));
      expect(x.minus(y).isEmpty).toBe([...ox].every((p) => oy.has(p)));
      for (const protocol of PROTOCOLS) {
        for (const port of [1, 2, 15, 30, 31, 1000, 65534, 65535]) {
          expect(x.contains(protocol, port)).toBe(ox.has(`${protocol}:${port > 30 && port < 65535 ? 31 : port}`));
        }
        expect(x.hasProtocol(protocol)).toBe(POINTS.some((p) => ox.has(`${protocol}:${p}`)));
      }
    }), { seed: SEED, numRuns: 400 });
  });

  it('hands back an operand instead of a copy when the result equals it', () => {
    const web = PortSet.of('TCP', 8080).union(PortSet.of('TCP', 4143));
    expect(web.union(PortSet.EMPTY)).toBe(web);
    expect(web.union(PortSet.of('TCP', 8080))).toBe(web);
    expect(web.intersect(PortSet.ALL)).toBe(web);
    expect(PortSet.ALL.intersect(web)).toBe(web);
    expect(web.intersect(PortSet.allOf('TCP'))).toBe(web);
    expect(web.minus(PortSet.of('UDP', 8080))).toBe(web);
    expect(web.minus(web)).toBe(PortSet.EMPTY);
  });

  it('reads a range whose end is below its start as no port, as the evaluators always did', () => {
    expect(PortSet.of('TCP', 8080, 80).isEmpty).toBe(true);
    expect(PortSet.of('TCP', 8080, 80).intersect(PortSet.ALL).toString()).toBe('No Connections');
  });
});
