import { describe, expect, it } from 'vitest';
import { workloadTemplates } from '../../lib/analysis/workload-templates';
import { MeshAuthorizationAnalyzer, MeshDecision, ReachabilityAnalyzer } from '../../lib';
import { declaredConnectivity } from '../support/declared-connectivity';
import { declaredEdgeProxy } from '../support/edge-proxy';
import { exampleProps, synthExample } from '../support/synth';

const { manifests } = synthExample();
const PROXY_INBOUND = 4143;
const PROXY_ADMIN = 4191;

/** `caller -> target:port` for every authorized connection between meshed workloads. */
function meshMatrix(ms: any[]): string[] {
  return MeshAuthorizationAnalyzer.fromManifests(ms).connections().map((c) => `${c.source.name} -> ${c.destination.name}:${c.port}`).sort();
}

/** The same connections as the NetworkPolicies allow them, on the application ports (and the proxy admin port). */
function networkPolicyMatrix(ms: any[]): string[] {
  const np = ReachabilityAnalyzer.fromManifests(ms);
  const meshed = workloadTemplates(ms).filter((w) => w.template.metadata.annotations?.['linkerd.io/inject'] === 'enabled');
  const out: string[] = [];
  for (const src of meshed) {
    for (const dst of meshed.filter((d) => d !== src)) {
      const ports = [...dst.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)), PROXY_ADMIN];
      for (const port of ports) {
        if (np.allows(src.namespace, src.name, dst.namespace, dst.name, port)) {
          out.push(`${src.name} -> ${dst.name}:${port}`);
        }
      }
    }
  }
  return out.sort();
}

/**
 * What the blueprint declares between its own workloads, in the same form (the proxy's inbound port 4143
 * is NetworkPolicy plumbing; outside callers, `<namespace>/<serviceAccount>`, are checked separately).
 */
function declaredMatrix(): string[] {
  return [...declaredConnectivity(exampleProps())].filter(([pair]) => !pair.split(' -> ')[0].includes('/')).flatMap(([pair, ports]) => ports
    .filter((p) => p !== `TCP/${PROXY_INBOUND}`)
    .map((p) => `${pair}:${p.split('/')[1]}`)).sort();
}

describe('mesh authorization of the reference platform', () => {
  const mesh = meshMatrix(manifests);

  it('authorizes exactly the declared flows', () => {
    expect(mesh).toEqual(declaredMatrix());
  });

  it('agrees with the NetworkPolicies at service level', () => {
    expect(mesh).toEqual(networkPolicyMatrix(manifests));
  });

  it('the comparison fails when one layer drifts (a policy removed from the mesh)', () => {
    // Every policy of the Server: its individual callers' and its zone caller groups'.
    const drifted = manifests.filter((m) => !(m.kind === 'AuthorizationPolicy' && m.spec.targetRef.kind === 'Server' && m.spec.targetRef.name === 'keycloak-https'));
    const missing = mesh.filter((c) => !meshMatrix(drifted).includes(c));
    expect(missing).toEqual(['auth-service -> keycloak:8443', 'business-api -> keycloak:8443', 'gateway -> keycloak:8443', 'ml-service -> keycloak:8443', 'worker -> keycloak:8443']);
    expect(meshMatrix(drifted)).not.toEqual(networkPolicyMatrix(drifted));
  });

  it('admits the internet to the DMZ gateway by address, like the NetworkPolicy', () => {
    const analyzer = MeshAuthorizationAnalyzer.fromManifests(manifests);
    expect(analyzer.authorize({ ip: '203.0.113.7' }, 'dmz', 'gateway', 8443).decision).toBe(MeshDecision.ALLOW);
    expect(analyzer.authorize({ ip: '2001:db8::7' }, 'dmz', 'gateway', 8443).decision).toBe(MeshDecision.ALLOW);
    expect(analyzer.authorize({ ip: '203.0.113.7' }, 'app', 'business-api', 8080, { path: '/api/orders' }).decision).toBe(MeshDecision.DENY);
    expect(analyzer.authorize({ ip: '203.0.113.7' }, 'data', 'postgresql', 5432).decision).toBe(MeshDecision.DENY);
    const np = ReachabilityAnalyzer.fromManifests(manifests).ingressFromExternal('dmz', 'gateway');
    expect(np.map((e) => `${e.cidr} ${e.summary}`)).toEqual(['0.0.0.0/0 TCP 8443', '::/0 TCP 8443']);
  });

  it('admits the admin VPN to Grafana by address, and the outside linkerd-viz Prometheus to Prometheus by identity', () => {
    const analyzer = MeshAuthorizationAnalyzer.fromManifests(manifests);
    expect(analyzer.authorize({ ip: '203.0.113.9' }, 'management', 'grafana', 3000).authorized).toBe(true);
    expect(analyzer.authorize({ ip: '198.51.100.9' }, 'management', 'grafana', 3000).authorized).toBe(false);
    const viz = { serviceAccount: 'prometheus', serviceAccountNamespace: 'linkerd-viz' };
    expect(analyzer.authorize(viz, 'management', 'prometheus', 9090).authorized).toBe(true);
    expect(analyzer.authorize(viz, 'management', 'grafana', 3000).authorized).toBe(false);
  });

  it("authorizes routes per caller: the edge's Envoy proxy the public API, viewers the reports, the kubelet the probes", () => {
    const a = MeshAuthorizationAnalyzer.fromManifests(manifests);
    const call = (from: string, path: string, method = 'GET') => a.authorizeWorkload(from.split('/')[0], from.split('/')[1], 'app', 'business-api', 8080, { path, method }).decision;
    // The gateway service is the edge: its calls to business-api are the Envoy proxy's, whose identity the route admits.
    const edge = declaredEdgeProxy(exampleProps())!;
    const proxy = (path: string, method = 'GET') => a.authorize({ serviceAccount: edge.serviceAccount, serviceAccountNamespace: edge.namespace }, 'app', 'business-api', 8080, { path, method }).decision;
    expect(proxy('/api/orders', 'POST')).toBe(MeshDecision.ALLOW);
    expect(proxy('/internal/reports')).toBe(MeshDecision.DENY);
    expect(call('dmz/gateway', '/api/orders', 'POST')).toBe(MeshDecision.DENY);
    expect(call('dmz/gateway', '/internal/reports')).toBe(MeshDecision.DENY);
    // The proxy fetches the realm's keys from Keycloak, and calls nothing else.
    const id = { serviceAccount: edge.serviceAccount, serviceAccountNamespace: edge.namespace };
    expect(a.authorize(id, 'app', 'keycloak', 8443).decision).toBe(MeshDecision.ALLOW);
    expect([a.authorize(id, 'app', 'ml-service', 8000), a.authorize(id, 'app', 'auth-service', 8080), a.authorize(id, 'dmz', 'static-assets', 8080)].map((d) => d.decision))
      .toEqual([MeshDecision.DENY, MeshDecision.DENY, MeshDecision.DENY]);
    // Another ServiceAccount of the controller namespace is not the proxy.
    expect(a.authorize({ serviceAccount: 'envoy-gateway', serviceAccountNamespace: edge.namespace }, 'app', 'business-api', 8080, { path: '/api/orders' }).decision).toBe(MeshDecision.DENY);
    expect(call('app/worker', '/internal/reports/2024')).toBe(MeshDecision.ALLOW);
    expect(call('app/ml-service', '/internal/reports')).toBe(MeshDecision.ALLOW);
    expect(call('app/worker', '/internal/reports', 'DELETE')).toBe(MeshDecision.DENY);
    expect(call('app/worker', '/api/orders')).toBe(MeshDecision.DENY);
    const kubelet = (path: string) => a.authorize({ ip: '10.0.3.4' }, 'app', 'business-api', 8080, { path }).decision;
    expect([kubelet('/health/live'), kubelet('/health/ready'), kubelet('/api')]).toEqual([MeshDecision.ALLOW, MeshDecision.ALLOW, MeshDecision.DENY]);
  });

  it('denies what it does not authorize in deny zones, and only audits in the management zone', () => {
    const a = MeshAuthorizationAnalyzer.fromManifests(manifests);
    for (const src of a.workloads.filter((w) => w.name !== 'prometheus')) {
      for (const dst of a.workloads.filter((d) => d !== src)) {
        const decision = a.authorizeWorkload(src.namespace, src.name, dst.namespace, dst.name, PROXY_ADMIN, { path: '/metrics' }).decision;
        expect(decision, `${src.name} -> ${dst.name} /metrics`).toBe(dst.namespace === 'management' ? MeshDecision.AUDIT : MeshDecision.DENY);
      }
    }
    // Audit does not relax route matching: Linkerd answers 404 to a request no route of the port matches.
    expect(a.authorizeWorkload('app', 'worker', 'management', 'grafana', PROXY_ADMIN, { path: '/env.json' }).decision).toBe(MeshDecision.DENY);
    expect(a.authorizeWorkload('app', 'worker', 'management', 'loki', 3100).decision).toBe(MeshDecision.AUDIT);
    expect(a.authorizeWorkload('app', 'worker', 'data', 'postgresql', 5432).decision).toBe(MeshDecision.DENY);
  });
});
