import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceProps, ZeroTrustBlueprintProps } from '../../lib';
import { peerWorkloads } from '../support/peer-services';
import { synthBlueprint } from '../support/synth';

// A zone flow's callers are one set shared by every target of the zone: the planner derives their peers
// once per set and namespace (lib/network/service-groups.ts). Each target must still admit exactly its
// own callers, with the proxy port 4143 for exactly the meshed ones when the target is meshed. The oracle
// reads the blueprint text only.

interface Drawn {
  readonly meshed: boolean[];
  readonly callsZone: boolean[];
  readonly except: number[];
}

function blueprintOf({ meshed, callsZone, except }: Drawn): ZeroTrustBlueprintProps {
  const names = meshed.map((_, i) => `svc-${i}`);
  const services: ServiceProps[] = names.map((name, i) => ({
    name,
    zone: 'app',
    meshed: meshed[i],
    // A meshed target's Linkerd Server admits an unmeshed caller by address.
    callerCidrs: meshed[i] ? undefined : [`10.9.${i}.0/24`],
    ports: [{ name: 'http', port: 8080 }],
    allowFrom: callsZone[i] ? [{ zone: 'app', except: except.length > 0 ? except.map((k) => names[k]) : undefined }] : undefined,
  }));
  services.push({ name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 8443 }], allowFrom: [{ internet: true }] });
  return { services };
}

/** The workloads an ingress policy admits on `port`, by every rule that opens it. */
function admittedOn(manifests: any[], policy: any, port: number): string[] {
  const rules = (policy?.spec.ingress ?? []).filter((r: any) => (r.ports ?? []).some((p: any) => p.port === port));
  return [...new Set(rules.flatMap((r: any) => r.from.flatMap((peer: any) => peerWorkloads(manifests, peer, policy.metadata.namespace))))].sort() as string[];
}

const drawn = fc.integer({ min: 2, max: 7 }).chain((n) => fc.record({
  meshed: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  callsZone: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  except: fc.subarray(Array.from({ length: n }, (_, i) => i), { maxLength: n - 2 }),
}));

describe('a zone calling its own services', () => {
  it('admits, at every target, exactly the zone but its exceptions, and 4143 from exactly the meshed ones at a meshed target', () => {
    fc.assert(fc.property(drawn, (d) => {
      const manifests = synthBlueprint(blueprintOf(d), { workloads: true });
      const callers = d.meshed.map((_, i) => i).filter((i) => !d.except.includes(i));
      d.callsZone.forEach((calls, t) => {
        if (!calls) {
          return; // no entry
        }
        const policy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === `svc-${t}-ingress`);
        expect(admittedOn(manifests, policy, 8080)).toEqual(callers.map((c) => `svc-${c}`).sort());
        const proxied = d.meshed[t] ? callers.filter((c) => d.meshed[c]).map((c) => `svc-${c}`).sort() : [];
        expect(admittedOn(manifests, policy, 4143)).toEqual(proxied);
      });
    }), { seed: 1207, numRuns: 40 });
  });
});
