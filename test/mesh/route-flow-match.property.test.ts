import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../lib/model';
import { CallerSet } from '../../lib/model/mesh-callers';
import { scaleBlueprint } from '../../bench/scale-blueprint';

// A port with routes: the routes must admit exactly the callers its flows allow (ZT-MESH-024 for a flow
// caller no route admits, ZT-MESH-026 for a route caller no flow allows). The model compares zone and role
// callers as groups; the oracle below lists them from the blueprint text, one by one.

const CALLERS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
const ROLES = ['r0', 'r1', 'r2'];

type Entry = { service: string } | { roles: string[] } | { zone: string; except?: string[] };
interface Route { readonly allowServices: string[]; readonly allowRoles: string[] }
interface Case { readonly holds: Record<string, string[]>; readonly entries: Entry[]; readonly routes: Route[] }

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.constantFrom(...CALLERS).map((service) => ({ service })),
  subset(ROLES).filter((r) => r.length > 0).map((roles) => ({ roles })),
  subset(CALLERS).map((except) => (except.length > 0 ? { zone: 'app', except } : { zone: 'app' })),
);
const route: fc.Arbitrary<Route> = fc.record({ allowServices: subset(CALLERS), allowRoles: subset(ROLES) })
  .filter((r) => r.allowServices.length + r.allowRoles.length > 0);
const caseArb: fc.Arbitrary<Case> = fc.record({
  // `api` (the target) may hold roles too: its own replicas are not a caller.
  holds: fc.record(Object.fromEntries(['api', ...CALLERS].map((s) => [s, subset(ROLES)]))),
  entries: fc.array(entry, { minLength: 1, maxLength: 4 }),
  routes: fc.array(route, { minLength: 1, maxLength: 3 }),
});

function blueprint(c: Case): any {
  return {
    roles: ROLES.map((name) => ({ name })),
    services: [
      {
        name: 'api', zone: 'app', roles: c.holds.api, ports: [{ name: 'http', port: 8080 }],
        allowFrom: c.entries.map((e) => ({ ...e, ports: ['http'] })),
        routes: c.routes.map((r, i) => ({ name: `r${i}`, path: `/p${i}`, ...r })),
      },
      ...CALLERS.map((name) => ({ name, zone: 'app', roles: c.holds[name], ports: [{ name: 'http', port: 8080 }] })),
    ],
  };
}

/** Each caller once, with the path of the first entry that names it: from the blueprint text alone. */
function firstPaths(named: [string, string[]][]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [path, callers] of named) {
    for (const c of callers) if (c !== 'api' && !paths.has(c)) paths.set(c, path);
  }
  return paths;
}

function expectedMismatches(c: Case): string[] {
  const holders = (roles: string[]) => ['api', ...CALLERS].filter((s) => c.holds[s].some((r) => roles.includes(r)));
  const flowCallers = firstPaths(c.entries.map((e, j) => [`services[0].allowFrom[${j}]`,
    'service' in e ? [e.service] : 'roles' in e ? holders(e.roles) : CALLERS.filter((s) => !(e.except ?? []).includes(s))]));
  const routeCallers = c.routes.map((r, i) => firstPaths([
    ...r.allowServices.map((s, k): [string, string[]] => [`services[0].routes[${i}].allowServices[${k}]`, [s]]),
    ...r.allowRoles.map((role, k): [string, string[]] => [`services[0].routes[${i}].allowRoles[${k}]`, holders([role])]),
  ]));
  const problems: string[] = [];
  flowCallers.forEach((path, caller) => {
    if (!routeCallers.some((r) => r.has(caller))) problems.push(`ZT-MESH-024 ${path} ${caller}`);
  });
  routeCallers.forEach((callers) => callers.forEach((path, caller) => {
    if (!flowCallers.has(caller)) problems.push(`ZT-MESH-026 ${path} ${caller}`);
  }));
  return problems.sort();
}

function reportedMismatches(props: any): string[] {
  try {
    buildModel(props);
    return [];
  } catch (e: any) {
    if (!Array.isArray(e?.issues)) throw e;
    return e.issues.filter((i: any) => i.code === 'ZT-MESH-024' || i.code === 'ZT-MESH-026')
      .map((i: any) => `${i.code} ${i.path} ${/^"([^"]+)"/.exec(i.message)![1]}`).sort();
  }
}

describe('the routes of a port against its flows', () => {
  it('report exactly the callers one side admits and the other does not, on generated roles, zone flows and routes', () => {
    let agreeing = 0;
    let disagreeing = 0;
    fc.assert(fc.property(caseArb, (c) => {
      const expected = expectedMismatches(c);
      expect(reportedMismatches(blueprint(c))).toEqual(expected);
      if (expected.length === 0) agreeing++;
      else disagreeing++;
    }), { seed: 2412, numRuns: 300 });
    // Both sides of the check are exercised.
    expect(agreeing).toBeGreaterThan(10);
    expect(disagreeing).toBeGreaterThan(10);
  });

  it('are compared by caller group, not caller by caller: the model admits a number of identities linear in the platform', () => {
    // Every fifth app service of the bench blueprint has routes for the holders of `viewer` (every tenth
    // service): listing the holders per routed port grows with their product, the groups with their sum.
    const admitted = (size: number) => {
      const original = CallerSet.prototype.addIdentity;
      let calls = 0;
      CallerSet.prototype.addIdentity = function (this: CallerSet, ...args: Parameters<CallerSet['addIdentity']>) {
        calls++;
        return original.apply(this, args);
      };
      try {
        buildModel(scaleBlueprint(size));
      } finally {
        CallerSet.prototype.addIdentity = original;
      }
      return calls;
    };
    const small = admitted(400);
    expect(small).toBeGreaterThan(0);
    expect(admitted(1600) / small).toBeLessThanOrEqual(4.4);
  });
});
