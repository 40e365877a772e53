import { describe, expect, it } from 'vitest';
import { AppProtocol, Protocol, ReachabilityAnalyzer, ZeroTrustBlueprintProps, ZoneRole } from '../../lib';
import { declaredConnectivity, expandPorts } from '../support/declared-connectivity';
import { synthBlueprint } from '../support/synth';

/**
 * A platform in the middle of a mesh migration, shaped unlike the reference one: renamed zones, an
 * unmeshed zone holding a meshed service, a meshed zone holding an unmeshed service, a UDP port.
 */
const MIGRATION: ZeroTrustBlueprintProps = {
  zones: [
    { name: 'edge', role: ZoneRole.DMZ },
    { name: 'core', role: ZoneRole.APP },
    { name: 'legacy', role: ZoneRole.APP, meshed: false },
    { name: 'stores', role: ZoneRole.DATA },
    { name: 'ops', role: ZoneRole.MANAGEMENT },
  ],
  zoneRules: [{ from: 'edge', to: 'core' }, { from: 'core', to: 'stores' }, { from: 'legacy', to: 'stores' }, { from: 'legacy', to: 'core' }],
  services: [
    { name: 'gateway', zone: 'edge', ports: [{ name: 'https', port: 443, appProtocol: AppProtocol.TCP }], allowFrom: [{ internet: true }] },
    {
      name: 'api', zone: 'core',
      ports: [{ name: 'http', port: 8080, metrics: false }, { name: 'syslog', port: 5514, protocol: Protocol.UDP }, { name: 'metrics', port: 9100, metrics: true }],
      allowFrom: [{ service: 'gateway', ports: ['http'] }, { zone: 'legacy', ports: ['syslog'] }],
    },
    { name: 'batch', zone: 'core', meshed: false, callerCidrs: ['10.42.0.0/16'], ports: [{ name: 'http', port: 8081 }], allowFrom: [{ service: 'api' }] },
    { name: 'collector', zone: 'core', ports: [{ name: 'syslog', port: 5514, protocol: Protocol.UDP }], allowFrom: [{ service: 'api' }] },
    { name: 'bridge', zone: 'legacy', meshed: true },
    { name: 'old', zone: 'legacy', callerCidrs: ['10.43.0.0/16'] },
    { name: 'db', zone: 'stores', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ zone: 'legacy' }, { zone: 'core' }] },
    { name: 'prometheus', zone: 'ops', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
  ],
};

function analyzer(props: ZeroTrustBlueprintProps): ReachabilityAnalyzer {
  return ReachabilityAnalyzer.fromManifests(synthBlueprint(props, { workloads: true }), {
    extraNamespaces: [{ name: 'kube-system' }, { name: 'linkerd' }],
    extraWorkloads: [
      { namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' } },
      { namespace: 'linkerd', name: 'linkerd-destination', labels: { 'linkerd.io/control-plane-component': 'destination' } },
    ],
  });
}

/** Every pair of blueprint workloads whose rendered reachability differs from the blueprint text. */
export function connectivityMismatches(props: ZeroTrustBlueprintProps): string[] {
  const a = analyzer(props);
  const declared = declaredConnectivity(props);
  const mismatches: string[] = [];
  for (const src of props.services) {
    const reached = a.reachableFrom(src.zone, src.name);
    for (const dst of props.services.filter((s) => s !== src)) {
      const expected = declared.get(`${src.name} -> ${dst.name}`) ?? [];
      const actual = expandPorts(reached.find((r) => r.destination.name === dst.name)?.ports ?? []);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${src.name} -> ${dst.name}: declared ${expected.join(',') || 'nothing'}, reachable ${actual.join(',') || 'nothing'}`);
      }
    }
  }
  return mismatches;
}

describe('mesh membership is a property of each workload, not of its zone', () => {
  it('every pair of workloads of a mixed platform reaches exactly what the blueprint text declares', () => {
    expect(connectivityMismatches(MIGRATION)).toEqual([]);
  });

  it('a meshed service in an unmeshed zone reaches a meshed target on the proxy port 4143 through a zone flow', () => {
    const a = analyzer(MIGRATION);
    expect(a.allows('legacy', 'bridge', 'stores', 'db', 4143)).toBe(true);
    expect(a.allows('legacy', 'bridge', 'stores', 'db', 5432)).toBe(true);
    // Its unmeshed neighbour has no proxy: the same zone flow gives it the port, not 4143.
    expect(a.allows('legacy', 'old', 'stores', 'db', 4143)).toBe(false);
    expect(a.allows('legacy', 'old', 'stores', 'db', 5432)).toBe(true);
  });

  it('an unmeshed service in a meshed zone gets no proxy openings: no scrape on 4191, no control-plane egress, no 4143', () => {
    const a = analyzer(MIGRATION);
    expect(a.allows('ops', 'prometheus', 'core', 'batch', 4191)).toBe(false);
    expect(a.allows('ops', 'prometheus', 'core', 'api', 4191)).toBe(true);
    expect(a.describe('core', 'batch', 'linkerd', 'linkerd-destination')).toBe('No Connections');
    expect(a.describe('core', 'api', 'linkerd', 'linkerd-destination')).toBe('TCP 8080,8086,8090');
    expect(a.describe('legacy', 'bridge', 'linkerd', 'linkerd-destination')).toBe('TCP 8080,8086,8090');
    expect(a.allows('core', 'batch', 'stores', 'db', 4143)).toBe(false);
    expect(a.allows('core', 'batch', 'stores', 'db', 5432)).toBe(true);
  });

  it('a UDP flow opens the UDP port only: Linkerd proxies TCP, so no 4143 comes with it', () => {
    const a = analyzer(MIGRATION);
    expect(a.describe('core', 'api', 'core', 'collector')).toBe('UDP 5514');
    // The blast-radius report says which reachable ports the mesh does not cover.
    const reached = a.reachableFrom('core', 'api');
    expect(reached.find((r) => r.destination.name === 'collector')!.notCoveredByMesh).toEqual([{ protocol: 'UDP', ranges: [{ from: 5514, to: 5514 }] }]);
    expect(reached.find((r) => r.destination.name === 'batch')!.notCoveredByMesh).toEqual([]);
    expect(a.describe('legacy', 'bridge', 'core', 'api')).toBe('UDP 5514');
  });
});
