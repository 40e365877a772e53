import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { describe, expect, it } from 'vitest';
import { HttpRouteApi, ZeroTrustBlueprint } from '../../lib';
import { findObject, synthBlueprint } from '../support/synth';
import { linkerdObjects, meshBlueprint, withMesh } from './fixtures';

const manifests = synthBlueprint(meshBlueprint(), { workloads: true });
const get = (kind: string, name: string) => findObject(manifests, kind, 'app', name);
const routesOf = (ms: any[], server: string) => ms.filter((m) => m.kind === 'HTTPRoute' && m.spec.parentRefs.some((p: any) => p.name === server));

describe('HTTP routes', () => {
  it('match the snapshot', () => {
    expect(linkerdObjects(manifests).filter((m) => m.metadata.name.startsWith('api-http'))).toMatchSnapshot();
  });

  it('emit one policy.linkerd.io/v1beta3 HTTPRoute per declared route, attached to the port\'s Server', () => {
    expect(routesOf(manifests, 'api-http').map((r) => `${r.apiVersion} ${r.metadata.name}`)).toEqual([
      'policy.linkerd.io/v1beta3 api-http-route-public',
      'policy.linkerd.io/v1beta3 api-http-route-reports',
      'policy.linkerd.io/v1beta3 api-http-route-admin',
      'policy.linkerd.io/v1beta3 api-http-probes',
    ]);
    expect(get('HTTPRoute', 'api-http-route-public').spec.parentRefs).toEqual([{ group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' }]);
  });

  it('match the path and each declared method', () => {
    expect(get('HTTPRoute', 'api-http-route-reports').spec.rules).toEqual([{ matches: [
      { method: 'GET', path: { type: 'PathPrefix', value: '/reports' } },
      { method: 'HEAD', path: { type: 'PathPrefix', value: '/reports' } },
    ] }]);
    expect(get('HTTPRoute', 'api-http-route-public').spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }] }]);
  });

  it('authorize each route for its own callers only, not the Server', () => {
    const targets = manifests.filter((m) => m.kind === 'AuthorizationPolicy' && m.metadata.namespace === 'app' && m.metadata.name.startsWith('api-http'))
      .map((p) => `${p.spec.targetRef.kind}/${p.spec.targetRef.name}`);
    expect(targets).toEqual(['HTTPRoute/api-http-route-public', 'HTTPRoute/api-http-route-reports', 'HTTPRoute/api-http-route-admin', 'HTTPRoute/api-http-probes']);
    expect(get('MeshTLSAuthentication', 'api-http-route-public').spec.identityRefs.map((r: any) => r.name)).toEqual(['gateway']);
  });

  it('admit the kubelet to exactly the probe paths (GET) once a route attaches to the Server', () => {
    expect(get('HTTPRoute', 'api-http-probes').spec.rules).toEqual([{ matches: [
      { method: 'GET', path: { type: 'Exact', value: '/healthz' } },
      { method: 'GET', path: { type: 'Exact', value: '/ready' } },
    ] }]);
    expect(get('AuthorizationPolicy', 'api-http-probes').spec.requiredAuthenticationRefs).toEqual([{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'kubelet' }]);
    expect(get('NetworkAuthentication', 'kubelet').spec.networks).toEqual([{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]);
  });

  it('use the kubelet CIDRs of the blueprint', () => {
    const m = synthBlueprint(withMesh((b) => { b.mesh = { kubeletCidrs: ['10.0.0.0/16'] }; }));
    expect(findObject(m, 'NetworkAuthentication', 'app', 'kubelet').spec.networks).toEqual([{ cidr: '10.0.0.0/16' }]);
  });

  it('need no probe route on ports without routes (Linkerd authorizes probes there by default)', () => {
    const m = synthBlueprint(withMesh((b) => { delete b.services[1].routes; b.services[1].allowFrom = [{ service: 'gateway', ports: ['http'] }]; }));
    expect(m.filter((o) => o.kind === 'HTTPRoute' && o.metadata.name.endsWith('-probes') && o.metadata.name !== 'proxy-probes')).toEqual([]);
    expect(findObject(m, 'AuthorizationPolicy', 'app', 'api-http').spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'api-http' });
  });

  it('add the declared probes to the bound workload', () => {
    const container = findObject(manifests, 'Deployment', 'app', 'api').spec.template.spec.containers[0];
    expect([container.livenessProbe, container.readinessProbe, container.startupProbe]).toEqual([
      { httpGet: { path: '/healthz', port: 8080 } },
      { httpGet: { path: '/ready', port: 8080 } },
      undefined,
    ]);
  });

  it('reject, at synth, a workload probe the mesh would refuse on a port with routes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    const blueprint = new ZeroTrustBlueprint(chart, 'bp', meshBlueprint());
    const api = blueprint.service('api');
    const deployment = new kplus.Deployment(chart, 'api', {
      containers: [{
        image: 'api:1', ports: api.containerPorts, securityContext: { user: 1000, group: 1000 },
        liveness: kplus.Probe.fromHttpGet('/health?full=1', { port: 8080 }),
      }],
    });
    api.bind(deployment);
    expect(() => app.synth()).toThrow(/Linkerd would refuse the liveness probe GET \/health\?full=1 on port "http", which has routes/);
  });

  it('can use the Gateway API HTTPRoute instead, with the same spec', () => {
    const gw = synthBlueprint(withMesh((b) => { b.mesh = { httpRouteApi: HttpRouteApi.GATEWAY_API }; }));
    const route = findObject(gw, 'HTTPRoute', 'app', 'api-http-route-reports');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec).toEqual(get('HTTPRoute', 'api-http-route-reports').spec);
    // The route admits the holders of a role: its AuthorizationPolicy requires their shared caller group.
    const policies = gw.filter((m) => m.kind === 'AuthorizationPolicy' && m.spec.targetRef.name === 'api-http-route-reports');
    expect(policies.map((p) => p.metadata.name)).toEqual(['api-http-route-reports-from-role-viewer-callers']);
    expect(policies[0].spec.targetRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'api-http-route-reports' });
    expect(gw.filter((m) => m.apiVersion === 'policy.linkerd.io/v1beta3' && m.kind === 'HTTPRoute')).toEqual([]);
  });
});
