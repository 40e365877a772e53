import { Chart, Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReachabilityAnalyzer, ServiceProps, ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import { scaleBlueprint } from '../../bench/scale-blueprint';
import { CALLER_CHUNK_SIZE } from '../../lib/model/caller-groups';
import { expandPorts } from '../support/declared-connectivity';
import { peerWorkloads } from '../support/peer-services';
import { synthBlueprint } from '../support/synth';

// Structural properties that make the output scale (sizes and counts, never time: speed is measured in bench/).

const policiesOf = (manifests: any[]) => manifests.filter((m) => m.kind === 'NetworkPolicy');
const rulesAndPeers = (policies: any[]) => {
  const rules = policies.flatMap((p) => [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]);
  return { rules: rules.length, peers: rules.reduce((n, r) => n + (r.from ?? r.to ?? []).length, 0) };
};

/** A zone `app` of `size` services, all called by `db` in `data` through one zone flow (with `except` when given). */
function zoneFlowBlueprint(size: number, except: string[] = []): ZeroTrustBlueprintProps {
  const services: ServiceProps[] = Array.from({ length: size }, (_, i) => ({ name: `svc-${i}`, zone: 'app', ports: [{ name: 'http', port: 8080 }] }));
  services.push({ name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432 }], allowFrom: [{ zone: 'app', except: except.length > 0 ? except : undefined }] });
  return { services };
}

/** The NetworkPolicies that carry the zone flow: the target's ingress and every app policy with a rule into data. */
function zoneFlowPolicies(manifests: any[]): any[] {
  const intoData = (p: any) => (p.spec.egress ?? []).some((r: any) => (r.to ?? []).some((peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'data'));
  return policiesOf(manifests).filter((p) => (p.metadata.namespace === 'data' && p.metadata.name === 'db-ingress') || (p.metadata.namespace === 'app' && intoData(p)));
}

describe('a zone flow', () => {
  it('yields the same number of policies, rules and peers whatever the size of the zone (generated sizes and exceptions)', () => {
    const shape = (size: number, excepted: number) => {
      const policies = zoneFlowPolicies(synthBlueprint(zoneFlowBlueprint(size, Array.from({ length: excepted }, (_, i) => `svc-${i}`))));
      return { policies: policies.length, ...rulesAndPeers(policies) };
    };
    const reference = shape(3, 0);
    expect(reference).toEqual({ policies: 2, rules: 2, peers: 2 });
    const withExcept = shape(4, 1);
    fc.assert(fc.property(fc.integer({ min: 4, max: 60 }), fc.boolean(), (size, except) => {
      expect(shape(size, except ? 1 : 0)).toEqual(except ? withExcept : reference);
    }), { seed: 10, numRuns: 12 });
  });

  it('admits exactly the zone\'s services but the exceptions, from one zone-wide egress policy', () => {
    const manifests = synthBlueprint(zoneFlowBlueprint(12, ['svc-3', 'svc-7']), { workloads: true });
    const ingress = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'db-ingress').spec.ingress;
    const admitted = [...new Set(ingress.flatMap((r: any) => r.from.flatMap((p: any) => peerWorkloads(manifests, p, 'data'))))].sort();
    const declared = Array.from({ length: 12 }, (_, i) => `svc-${i}`).filter((n) => n !== 'svc-3' && n !== 'svc-7').sort();
    expect(admitted).toEqual(declared);
    const analyzer = ReachabilityAnalyzer.fromManifests(manifests);
    for (let i = 0; i < 12; i++) {
      const toDb = analyzer.reachableFrom('app', `svc-${i}`).find((r) => r.destination.name === 'db');
      expect(expandPorts(toDb?.ports ?? []), `svc-${i}`).toEqual(declared.includes(`svc-${i}`) ? ['TCP/4143', 'TCP/5432'] : []);
    }
  });

  it('keeps the zone-flow blueprint\'s NetworkPolicies linear in bytes (twice the services, at most 2.2 times the YAML)', () => {
    const bytes = (size: number) => Yaml.stringify(...policiesOf(synthProps(scaleBlueprint(size, { zoneFlows: true })))).length;
    const small = bytes(100);
    const large = bytes(200);
    expect(large / small).toBeLessThanOrEqual(2.2);
    expect(large / small).toBeGreaterThan(1.5); // the policies do grow with the services: the measure is not empty
  }, 120_000);
});

const isLinkerd = (m: any) => String(m.apiVersion).startsWith('policy.linkerd.io/');

describe('the Linkerd objects of a zone flow', () => {
  it('are bounded by the chunk size, not by the zone\'s size: the same largest object at 1,100 and 2,200 callers, far under 128 KiB', () => {
    const largest = (size: number) => {
      const manifests = synthBlueprint(zoneFlowBlueprint(size)).filter(isLinkerd);
      const refs = manifests.filter((m) => m.kind === 'MeshTLSAuthentication').map((m) => m.spec.identityRefs.length);
      expect(Math.max(...refs)).toBeLessThanOrEqual(500);
      expect(refs.reduce((a, b) => a + b, 0)).toBe(size); // every caller once, in the shared group
      return Math.max(...manifests.map((m) => Yaml.stringify(m).length));
    };
    const small = largest(1100);
    const large = largest(2200);
    expect(large).toBeLessThanOrEqual(small * 1.05);
    expect(large).toBeLessThanOrEqual(64 * 1024);
  }, 120_000);
});

/**
 * 128 KiB at 10,000 services; the generated blueprint here has 2,000, so the bound is scaled by 1/5 for
 * every object that may grow with the platform. The chunks of a caller group (a zone's services, a role's
 * holders) do not: each holds at most CALLER_CHUNK_SIZE identities whatever the group's size (the test above), so they are held to
 * 128 KiB itself, and to the chunk size.
 */
const SERVICES = 2000;
const BOUND = Math.floor((128 * 1024) / 5);
const isCallerChunk = (m: any) => m.kind === 'MeshTLSAuthentication' && /^(zone|role|roles)-.+-callers/.test(m.metadata.name);

describe(`the bench blueprint at ${SERVICES} services`, () => {
  it(`has no object over ${BOUND} bytes of YAML (128 KiB at 10,000 services, scaled), a caller chunk none over 128 KiB`, () => {
    const props = scaleBlueprint(SERVICES);
    expect(props.services.length).toBeGreaterThanOrEqual(SERVICES - 1);
    const manifests = synthProps(props);
    const size = (m: any) => ({ id: `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`, bytes: Yaml.stringify(m).length });
    const largest = (objects: any[]) => objects.map(size).reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const growing = largest(manifests.filter((m) => !isCallerChunk(m)));
    expect(growing.bytes, growing.id).toBeLessThanOrEqual(BOUND);
    const chunks = manifests.filter(isCallerChunk);
    expect(chunks.length, 'the bench shape has zone flows into the app zone').toBeGreaterThan(1);
    expect(largest(chunks).bytes).toBeLessThanOrEqual(128 * 1024);
    for (const chunk of chunks) {
      expect(chunk.spec.identityRefs.length).toBeLessThanOrEqual(CALLER_CHUNK_SIZE);
    }
    // The policies that used to hold one rule per target: one rule per (namespace, ports) now.
    const gatewayEgress = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'gateway-egress');
    expect(gatewayEgress.spec.egress.length).toBeLessThanOrEqual(2);
    const scraperEgress = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'prometheus-egress');
    expect(scraperEgress.spec.egress.length).toBeLessThanOrEqual(8);
  }, 300_000);
});

function synthProps(props: ZeroTrustBlueprintProps): any[] {
  const chart = new Chart(Testing.app(), 'scale', { disableResourceNameHashes: true });
  new ZeroTrustBlueprint(chart, 'blueprint', props);
  return Testing.synth(chart);
}
