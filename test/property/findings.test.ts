// Counterexamples the property suite found, kept as plain regression tests.
import { describe, expect, it } from 'vitest';
import { MeshAuthorizationAnalyzer, MeshDecision, ZeroTrustBlueprintProps } from '../../lib';
import { synthPlatform } from './platform-checks';

describe('property-suite findings', () => {
  it('a UDP port with the number of a TCP port does not hide the TCP port from the mesh analyzer (seed 3)', () => {
    const props = {
      services: [
        { name: 'svc-0', zone: 'dmz', ports: [{ name: 'http-0', port: 8080 }, { name: 'udp-1', port: 8080, protocol: 'UDP' }], allowFrom: [{ service: 'svc-1' }] },
        { name: 'svc-1', zone: 'dmz' },
      ],
    } as ZeroTrustBlueprintProps;
    const { manifests, validation } = synthPlatform(props);
    expect(validation).toEqual([]);
    const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
    expect(mesh.authorizeWorkload('dmz', 'svc-1', 'dmz', 'svc-0', 8080).decision).toBe(MeshDecision.ALLOW);
    expect(mesh.connections().map((c) => `${c.source.name} -> ${c.destination.name}:${c.port}`)).toEqual(['svc-1 -> svc-0:8080']);
  });
});
