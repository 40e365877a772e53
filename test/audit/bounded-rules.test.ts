// The mesh-authorization alerts do not grow with the services: a zone's rules depend on its port names,
// so a blueprint with many more services of the same kinds yields the same PrometheusRule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppProtocol, MeshPolicyMode, ServiceProps, ZeroTrustBlueprintProps } from '../../lib';
import { runs, seed } from '../property/settings';
import { synthBlueprint } from '../support/synth';

const PORTS = [
  { name: 'http', port: 8080 }, { name: 'grpc', port: 9000, appProtocol: AppProtocol.GRPC },
  { name: 'metrics', port: 9100, metrics: true }, { name: 'redis', port: 6379, appProtocol: AppProtocol.OPAQUE },
];

/** `copies` services per (zone, port set) of `kinds`; each is called on its first port by the gateway (app) or by `api` (data). */
function platform(kinds: { zone: string; ports: number[] }[], copies: number, auditZone?: string): ZeroTrustBlueprintProps {
  const services: ServiceProps[] = [
    { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 8443 }], allowFrom: [{ internet: true }] },
    { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'web', port: 9090 }] },
    { name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }], allowFrom: [{ service: 'gateway' }] },
  ];
  kinds.forEach((kind, k) => {
    for (let c = 0; c < copies; c++) {
      const ports = kind.ports.map((p) => PORTS[p]);
      services.push({ name: `s${k}-${c}`, zone: kind.zone, ports, allowFrom: [{ service: kind.zone === 'app' ? 'gateway' : 'api', ports: [ports[0].name] }] });
    }
  });
  const zones = ['dmz', 'app', 'data', 'management'].map((name) => ({ name, ...(name === auditZone ? { meshMode: MeshPolicyMode.AUDIT } : {}) }));
  return { zones, services };
}

const meshRule = (props: ZeroTrustBlueprintProps) => synthBlueprint(props).find((m) => m.kind === 'PrometheusRule' && m.metadata.name === 'zero-trust-mesh-authorization');

describe('the mesh-authorization PrometheusRule', () => {
  it('is the same object for 1 and for 40 services of each kind (generated zones and port sets)', () => {
    const kind = fc.record({
      zone: fc.constantFrom('app', 'data'),
      ports: fc.uniqueArray(fc.integer({ min: 0, max: PORTS.length - 1 }), { minLength: 1, maxLength: PORTS.length }),
    });
    fc.assert(fc.property(fc.array(kind, { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, 'app', 'data'), (kinds, auditZone) => {
      const small = meshRule(platform(kinds, 1, auditZone));
      const large = meshRule(platform(kinds, 40, auditZone));
      expect(large).toEqual(small);
      expect(Buffer.byteLength(JSON.stringify(large))).toBeLessThan(16 * 1024);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 4) });
  });
});
