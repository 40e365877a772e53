import { describe, expect, it } from 'vitest';
import { AppProtocol, Protocol, ZeroTrustBlueprintProps } from '../../lib';
import { issuesOf } from '../support/blueprint-issues';
import { synthBlueprint } from '../support/synth';
import { ids, linkerdObjects } from './fixtures';

/** A meshed service with a TCP, an opaque TCP and a UDP port, called by a meshed neighbour. */
const BLUEPRINT: ZeroTrustBlueprintProps = {
  services: [
    {
      name: 'dns-cache', zone: 'app',
      ports: [
        { name: 'http', port: 8080 },
        { name: 'dns', port: 5353, protocol: Protocol.UDP },
        { name: 'dns-tcp', port: 5354, appProtocol: AppProtocol.OPAQUE },
        { name: 'sctp', port: 3868, protocol: Protocol.SCTP, appProtocol: AppProtocol.OPAQUE },
      ],
      allowFrom: [{ service: 'api' }],
    },
    { name: 'api', zone: 'app' },
  ],
};

describe('non-TCP ports are NetworkPolicy-only (Linkerd proxies TCP)', () => {
  const manifests = synthBlueprint(BLUEPRINT, { workloads: true });
  const linkerd = linkerdObjects(manifests);

  it('get no Server, AuthorizationPolicy or MeshTLSAuthentication; the TCP ports keep theirs', () => {
    const names = ids(linkerd).filter((id) => id.includes('app/dns-cache-'));
    expect(names.filter((n) => n.startsWith('Server '))).toEqual(['Server app/dns-cache-http', 'Server app/dns-cache-dns-tcp']);
    expect(names.some((n) => /dns-cache-(dns|sctp)$/.test(n))).toBe(false);
    expect(linkerd.filter((o) => o.kind === 'Server').every((o) => o.spec.proxyProtocol !== undefined)).toBe(true);
  });

  it('are not listed as opaque ports, even when declared opaque', () => {
    const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'dns-cache');
    expect(deployment.spec.template.metadata.annotations['config.linkerd.io/opaque-ports']).toBe('5354');
  });

  it('are still opened by the NetworkPolicies, without the proxy port when no TCP port is called', () => {
    const egress = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'api-egress').spec.egress[0];
    expect(egress.ports).toEqual([
      { protocol: 'TCP', port: 8080 }, { protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5354 }, { protocol: 'SCTP', port: 3868 }, { protocol: 'TCP', port: 4143 },
    ]);
    const udpOnly = synthBlueprint({ services: [{ ...BLUEPRINT.services[0], allowFrom: [{ service: 'api', ports: ['dns', 'sctp'] }] }, BLUEPRINT.services[1]] });
    const rule = udpOnly.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'dns-cache-ingress').spec.ingress[0];
    expect(rule.ports).toEqual([{ protocol: 'UDP', port: 5353 }, { protocol: 'SCTP', port: 3868 }]);
  });

  it('reject routes: a route is enforced by the proxy, which never sees UDP', () => {
    const issues = issuesOf({
      services: [
        { name: 'dns-cache', zone: 'app', ports: [{ name: 'dns', port: 5353, protocol: Protocol.UDP }], allowFrom: [{ service: 'api' }],
          routes: [{ name: 'all', port: 'dns', allowServices: ['api'] }] },
        { name: 'api', zone: 'app' },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['services[0].routes[0].port']);
    expect(issues[0].message).toMatch(/UDP.*Linkerd proxies TCP only/);
  });
});
