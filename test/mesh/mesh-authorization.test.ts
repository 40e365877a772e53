import { describe, expect, it } from 'vitest';
import { MeshAuthorizationAnalyzer, MeshDecision } from '../../lib';

const ns = (name: string, policy?: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: { 'linkerd.io/inject': 'enabled', ...(policy ? { 'config.linkerd.io/default-inbound-policy': policy } : {}) } } });
const deployment = (namespace: string, name: string, opts: { meshed?: boolean; probe?: string } = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { template: {
    metadata: { labels: { app: name }, annotations: { 'linkerd.io/inject': opts.meshed === false ? 'disabled' : 'enabled' } },
    spec: { serviceAccountName: name, containers: [{ name, ports: [{ name: 'http', containerPort: 8080 }], ...(opts.probe ? { readinessProbe: { httpGet: { path: opts.probe, port: 'http' } } } : {}) }] },
  } },
});
const server = (name: string, app: string, accessPolicy = 'deny') => ({ apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name, namespace: 'app' }, spec: { podSelector: { matchLabels: { app } }, port: 'http', proxyProtocol: 'HTTP/1', accessPolicy } });
const ref = (kind: string, name: string) => ({ group: kind === 'ServiceAccount' ? undefined : 'policy.linkerd.io', kind, name });
const policy = (name: string, target: any, ...refs: any[]) => ({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'app' }, spec: { targetRef: target, requiredAuthenticationRefs: refs } });
const meshTls = (name: string, spec: any) => ({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name, namespace: 'app' }, spec });
const network = (name: string, ...cidrs: string[]) => ({ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'NetworkAuthentication', metadata: { name, namespace: 'app' }, spec: { networks: cidrs.map((cidr) => ({ cidr })) } });
const route = (name: string, parent: string, path: string, type = 'PathPrefix', apiVersion = 'policy.linkerd.io/v1beta3') => ({
  apiVersion, kind: 'HTTPRoute', metadata: { name, namespace: 'app' },
  spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: parent }], rules: [{ matches: [{ path: { type, value: path } }] }] },
});
const base = [ns('app'), deployment('app', 'api', { probe: '/ready' }), deployment('app', 'a'), deployment('app', 'b'), deployment('app', 'old', { meshed: false })];
const sa = (name: string, ip?: string) => ({ serviceAccountNamespace: 'app', serviceAccount: name, ip });
const decide = (objects: any[], caller: any, request?: any) => MeshAuthorizationAnalyzer.fromManifests([...base, ...objects]).authorize(caller, 'app', 'api', 8080, request);

describe('MeshAuthorizationAnalyzer (Linkerd semantics)', () => {
  it('ANDs the required authentications of one policy', () => {
    const objects = [server('api-http', 'api'), meshTls('a', { identityRefs: [{ kind: 'ServiceAccount', name: 'a' }] }), network('pods', '10.0.0.0/8'),
      policy('both', ref('Server', 'api-http'), ref('MeshTLSAuthentication', 'a'), ref('NetworkAuthentication', 'pods'))];
    expect(decide(objects, sa('a', '10.1.2.3')).decision).toBe(MeshDecision.ALLOW);
    expect(decide(objects, sa('a', '192.168.1.1')).decision).toBe(MeshDecision.DENY);
    expect(decide(objects, sa('b', '10.1.2.3')).decision).toBe(MeshDecision.DENY);
  });

  it('ignores a policy whose authentication does not exist', () => {
    const objects = [server('api-http', 'api'), policy('p', ref('Server', 'api-http'), ref('MeshTLSAuthentication', 'missing'))];
    expect(decide(objects, sa('a')).decision).toBe(MeshDecision.DENY);
    expect(decide([...objects, meshTls('missing', { identityRefs: [{ kind: 'ServiceAccount', name: 'a', namespace: 'app' }] })], sa('a')).decision).toBe(MeshDecision.ALLOW);
  });

  it('matches identity strings, ServiceAccount refs and whole namespaces', () => {
    const objects = (spec: any) => [server('api-http', 'api'), meshTls('m', spec), policy('p', ref('Server', 'api-http'), ref('MeshTLSAuthentication', 'm'))];
    expect(decide(objects({ identities: ['a.app.serviceaccount.identity.linkerd.cluster.local'] }), sa('a')).authorized).toBe(true);
    expect(decide(objects({ identities: ['*.app.serviceaccount.identity.linkerd.cluster.local'] }), sa('b')).authorized).toBe(true);
    expect(decide(objects({ identityRefs: [{ kind: 'Namespace', name: 'app' }] }), sa('b')).authorized).toBe(true);
    expect(decide(objects({ identityRefs: [{ kind: 'ServiceAccount', name: 'a', namespace: 'other' }] }), sa('a')).authorized).toBe(false);
    expect(decide([server('api-http', 'api'), policy('p', ref('Server', 'api-http'), ref('ServiceAccount', 'a'))], sa('a')).authorized).toBe(true);
  });

  it('serves only requests matching a route once routes exist; server authorizations apply to every route', () => {
    const objects = [server('api-http', 'api'), route('public', 'api-http', '/api'), route('admin', 'api-http', '/admin'),
      meshTls('a', { identityRefs: [{ kind: 'ServiceAccount', name: 'a' }] }), meshTls('b', { identityRefs: [{ kind: 'ServiceAccount', name: 'b' }] }),
      policy('public', ref('HTTPRoute', 'public'), ref('MeshTLSAuthentication', 'a')), policy('all', ref('Server', 'api-http'), ref('MeshTLSAuthentication', 'b'))];
    expect(decide(objects, sa('a'), { path: '/api/x' }).decision).toBe(MeshDecision.ALLOW);
    expect(decide(objects, sa('a'), { path: '/admin' }).decision).toBe(MeshDecision.DENY);
    expect(decide(objects, sa('a'), { path: '/apix' }).reason).toMatch(/matches no HTTPRoute/);
    expect(decide(objects, sa('b'), { path: '/admin' }).decision).toBe(MeshDecision.ALLOW);
    expect(decide(objects, sa('b'), { path: '/other' }).decision).toBe(MeshDecision.DENY);
    expect(decide(objects, sa('a')).routes).toEqual(['public']);
  });

  it('picks the most specific route (exact before prefix) and honours the route group', () => {
    const objects = [server('api-http', 'api'), route('prefix', 'api-http', '/a'), route('exact', 'api-http', '/a/b', 'Exact', 'gateway.networking.k8s.io/v1'),
      meshTls('a', { identityRefs: [{ kind: 'ServiceAccount', name: 'a' }] }),
      policy('p', { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'exact' }, ref('MeshTLSAuthentication', 'a'))];
    expect(decide(objects, sa('a'), { path: '/a/b' }).routes).toEqual(['exact']);
    expect(decide(objects, sa('a'), { path: '/a/b' }).decision).toBe(MeshDecision.ALLOW);
    expect(decide(objects, sa('a'), { path: '/a/c' }).decision).toBe(MeshDecision.DENY);
  });

  it('authorizes pod probes by default only while the Server has no routes', () => {
    expect(decide([server('api-http', 'api')], { ip: '10.0.0.9' }, { path: '/ready' }).decision).toBe(MeshDecision.ALLOW);
    expect(decide([server('api-http', 'api')], { ip: '10.0.0.9' }, { path: '/other' }).decision).toBe(MeshDecision.DENY);
    expect(decide([server('api-http', 'api'), route('r', 'api-http', '/')], { ip: '10.0.0.9' }, { path: '/ready' }).decision).toBe(MeshDecision.DENY);
  });

  it('applies the default policy of the pod, namespace or cluster when no Server selects the port', () => {
    expect(decide([], sa('a')).decision).toBe(MeshDecision.ALLOW);
    const inNs = (p: string) => MeshAuthorizationAnalyzer.fromManifests([ns('app', p), ...base.slice(1)]);
    expect(inNs('deny').authorize(sa('a'), 'app', 'api', 8080).decision).toBe(MeshDecision.DENY);
    expect(inNs('all-authenticated').authorize(sa('a'), 'app', 'api', 8080).decision).toBe(MeshDecision.ALLOW);
    expect(inNs('all-authenticated').authorize({ ip: '10.0.0.1' }, 'app', 'api', 8080).decision).toBe(MeshDecision.DENY);
    expect(inNs('audit').authorize({ ip: '10.0.0.1' }, 'app', 'api', 8080)).toMatchObject({ decision: MeshDecision.AUDIT, authorized: false });
  });

  it('audits instead of denying on a Server with accessPolicy audit', () => {
    expect(decide([server('api-http', 'api', 'audit')], sa('a'))).toMatchObject({ decision: MeshDecision.AUDIT, authorized: false });
  });

  it('leaves unmeshed targets to the network layer and rejects overlapping Servers', () => {
    expect(MeshAuthorizationAnalyzer.fromManifests(base).authorize(sa('a'), 'app', 'old', 8080).decision).toBe(MeshDecision.UNMESHED);
    expect(() => decide([server('one', 'api'), server('two', 'api')], sa('a'))).toThrow(/all select port 8080/);
  });

  it('honours NetworkAuthentication exceptions and IPv6', () => {
    const objects = [server('api-http', 'api'), { ...network('n', '10.0.0.0/8'), spec: { networks: [{ cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] }, { cidr: '2001:db8::/32' }] } },
      policy('p', ref('Server', 'api-http'), ref('NetworkAuthentication', 'n'))];
    expect(decide(objects, { ip: '10.1.0.1' }).authorized).toBe(true);
    expect(decide(objects, { ip: '10.9.0.1' }).authorized).toBe(false);
    expect(decide(objects, { ip: '2001:db8::1' }).authorized).toBe(true);
    expect(decide(objects, { ip: '2001:db9::1' }).authorized).toBe(false);
  });
});
