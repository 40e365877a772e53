import { describe, expect, it } from 'vitest';
import { findObject, synthBlueprint } from '../support/synth';
import { meshBlueprint, withMesh } from './fixtures';

const manifests = synthBlueprint(meshBlueprint());
const inZone = (ms: any[], ns: string) => ms.filter((m) => m.metadata.namespace === ns && /^(proxy-|kubelet)/.test(m.metadata.name));

describe('proxy metrics and probes per zone (what `linkerd viz allow-scrapes` emits)', () => {
  it('match the snapshot', () => {
    expect(inZone(manifests, 'data')).toMatchSnapshot();
  });

  it('emit the same set in every meshed zone namespace', () => {
    for (const ns of ['dmz', 'app', 'data', 'management']) {
      expect(inZone(manifests, ns).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
        'NetworkAuthentication/kubelet', 'Server/proxy-admin', 'HTTPRoute/proxy-metrics', 'MeshTLSAuthentication/proxy-metrics',
        'AuthorizationPolicy/proxy-metrics', 'HTTPRoute/proxy-probes', 'AuthorizationPolicy/proxy-probes',
      ]);
    }
  });

  it('select every meshed pod on the proxy admin port', () => {
    expect(findObject(manifests, 'Server', 'app', 'proxy-admin').spec).toEqual({
      accessPolicy: 'deny',
      podSelector: { matchExpressions: [{ key: 'linkerd.io/control-plane-ns', operator: 'Exists' }] },
      port: 'linkerd-admin',
      proxyProtocol: 'HTTP/1',
    });
  });

  it('admit /metrics for the scraper identity only, /live and /ready for the kubelet', () => {
    expect(findObject(manifests, 'MeshTLSAuthentication', 'app', 'proxy-metrics').spec.identityRefs).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'management' }]);
    expect(findObject(manifests, 'HTTPRoute', 'app', 'proxy-metrics').spec.rules[0].matches).toEqual([{ method: 'GET', path: { type: 'Exact', value: '/metrics' } }]);
    expect(findObject(manifests, 'HTTPRoute', 'app', 'proxy-probes').spec.rules[0].matches.map((m: any) => m.path.value)).toEqual(['/live', '/ready']);
    expect(findObject(manifests, 'AuthorizationPolicy', 'app', 'proxy-probes').spec.requiredAuthenticationRefs[0].name).toBe('kubelet');
  });

  it('are not emitted without a metrics scraper (Linkerd then authorizes the proxy probes by default)', () => {
    const m = synthBlueprint(withMesh((b) => { b.services = b.services.filter((s: any) => s.name !== 'prometheus'); b.services[1].ports = b.services[1].ports.filter((p: any) => !p.metrics); }));
    expect(m.filter((o) => o.metadata?.name?.startsWith('proxy-'))).toEqual([]);
    // the api's probe route still needs the kubelet NetworkAuthentication, and only the app zone has one
    expect(m.filter((o) => o.kind === 'NetworkAuthentication' && o.metadata.name === 'kubelet').map((o) => o.metadata.namespace)).toEqual(['app']);
  });
});
