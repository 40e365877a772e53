import { describe, expect, it } from 'vitest';
import { AppProtocol, ExtraWorkload, MeshAuthorizationAnalyzer, ReachabilityAnalyzer, ZeroTrustBlueprintProps } from '../../lib';
import { requiredIdentityRefs } from '../support/mesh-authentications';
import { findObject, synthBlueprint } from '../support/synth';

const NS = 'kubernetes.io/metadata.name';

/** Every caller kind real platforms need: an admin network, outside workloads (meshed or not), a zone with an exception. */
const BLUEPRINT: ZeroTrustBlueprintProps = {
  adminNetworks: [{ name: 'admin-vpn', cidrs: ['203.0.113.0/24'] }],
  services: [
    {
      name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }],
      allowFrom: [{ workload: { namespace: 'ingress-nginx', serviceAccount: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
    },
    {
      name: 'api', zone: 'app', ports: [{ name: 'http', port: 8080 }],
      allowFrom: [
        { service: 'gateway' },
        { zone: 'app', except: ['batch'] },
        { workload: { namespace: 'ci', serviceAccount: 'runner', meshed: false, cidrs: ['10.50.0.0/16'] } },
      ],
    },
    { name: 'worker', zone: 'app' },
    { name: 'batch', zone: 'app' },
    { name: 'grafana', zone: 'management', ports: [{ name: 'http', port: 3000 }], allowFrom: [{ adminNetwork: 'admin-vpn' }] },
  ],
};

const manifests = synthBlueprint(BLUEPRINT, { workloads: true });
const policy = (ns: string, name: string) => findObject(manifests, 'NetworkPolicy', ns, name).spec;
const ports = (rule: any) => rule.ports.map((p: any) => `${p.protocol}/${p.port}`);
const outside: ExtraWorkload[] = [
  { namespace: 'ingress-nginx', name: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  { namespace: 'ingress-nginx', name: 'other', labels: { 'app.kubernetes.io/name': 'other' } },
  { namespace: 'ci', name: 'runner', labels: { app: 'runner' } },
];

describe('an admin network', () => {
  it('reaches the management service by ipBlock on the declared ports, without the proxy port', () => {
    const rule = policy('management', 'grafana-ingress').ingress[0];
    expect(rule.from).toEqual([{ ipBlock: { cidr: '203.0.113.0/24' } }]);
    expect(ports(rule)).toEqual(['TCP/3000']);
    const analyzer = ReachabilityAnalyzer.fromManifests(manifests);
    expect(analyzer.ingressFromExternal('management', 'grafana').map((e) => `${e.cidr} ${e.summary}`)).toEqual(['203.0.113.0/24 TCP 3000']);
  });

  it('is admitted by the mesh through its own NetworkAuthentication and AuthorizationPolicy', () => {
    const auth = findObject(manifests, 'NetworkAuthentication', 'management', 'grafana-http-from-admin-vpn');
    expect(auth.spec.networks).toEqual([{ cidr: '203.0.113.0/24' }]);
    const policyObj = findObject(manifests, 'AuthorizationPolicy', 'management', 'grafana-http-from-admin-vpn');
    expect(policyObj.spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'grafana-http' });
    expect(policyObj.spec.requiredAuthenticationRefs).toEqual([{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'grafana-http-from-admin-vpn' }]);
    expect(manifests.some((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.name === 'grafana-http')).toBe(false);
  });
});

describe('an outside workload', () => {
  const analyzer = ReachabilityAnalyzer.fromManifests(manifests, { extraNamespaces: [{ name: 'ingress-nginx' }, { name: 'ci' }], extraWorkloads: outside });

  it('is a namespace + pod peer; meshed, it also gets the proxy port', () => {
    const rule = policy('dmz', 'gateway-ingress').ingress[0];
    expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { [NS]: 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }]);
    expect(ports(rule)).toEqual(['TCP/8443', 'TCP/4143']);
    expect(analyzer.describe('ingress-nginx', 'ingress-nginx', 'dmz', 'gateway')).toBe('TCP 4143,8443');
    expect(analyzer.describe('ingress-nginx', 'other', 'dmz', 'gateway')).toBe('No Connections');
  });

  it('meshed, is admitted by its ServiceAccount in a MeshTLSAuthentication', () => {
    const auth = findObject(manifests, 'MeshTLSAuthentication', 'dmz', 'gateway-https');
    expect(auth.spec.identityRefs).toEqual([{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'ingress-nginx' }]);
    const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
    expect(mesh.authorize({ serviceAccount: 'ingress-nginx', serviceAccountNamespace: 'ingress-nginx' }, 'dmz', 'gateway', 8443).authorized).toBe(true);
    expect(mesh.authorize({ serviceAccount: 'other', serviceAccountNamespace: 'ingress-nginx' }, 'dmz', 'gateway', 8443).authorized).toBe(false);
  });

  it('meshed, gets its namespace into the Linkerd control plane ingress; an unmeshed one does not', () => {
    const rule = policy('linkerd', 'allow-control-plane-ingress').ingress[1];
    const namespaces = rule.from.map((p: any) => p.namespaceSelector.matchLabels[NS]);
    expect(namespaces).toContain('ingress-nginx');
    expect(namespaces).not.toContain('ci');
  });

  it('unmeshed, reaches the port without 4143 and is admitted by the mesh by its cidrs', () => {
    const rule = policy('app', 'api-ingress').ingress.find((r: any) => r.from[0].namespaceSelector?.matchLabels[NS] === 'ci');
    expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { [NS]: 'ci' } }, podSelector: {} }]);
    expect(ports(rule)).toEqual(['TCP/8080']);
    expect(analyzer.describe('ci', 'runner', 'app', 'api')).toBe('TCP 8080');
    expect(findObject(manifests, 'NetworkAuthentication', 'app', 'api-http-from-ci-runner').spec.networks).toEqual([{ cidr: '10.50.0.0/16' }]);
    const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
    expect(mesh.authorize({ ip: '10.50.3.4' }, 'app', 'api', 8080).authorized).toBe(true);
    expect(mesh.authorize({ ip: '10.51.3.4' }, 'app', 'api', 8080).authorized).toBe(false);
  });
});

describe('a zone caller with exceptions', () => {
  it('lists the zone\'s services one by one, leaving the exception out of both layers', () => {
    const analyzer = ReachabilityAnalyzer.fromManifests(manifests);
    expect(analyzer.describe('app', 'worker', 'app', 'api')).toBe('TCP 4143,8080');
    expect(analyzer.describe('app', 'batch', 'app', 'api')).toBe('No Connections');
    // The individual caller in the port's own MeshTLSAuthentication; the zone's in its shared group, which
    // holds the zone's services but the exception (the target `api` among them, as its zone peer does).
    expect(findObject(manifests, 'MeshTLSAuthentication', 'app', 'api-http').spec.identityRefs.map((r: any) => `${r.namespace}/${r.name}`)).toEqual(['dmz/gateway']);
    expect(requiredIdentityRefs(manifests, 'app', 'api-http')).toEqual(['app/api', 'app/worker', 'dmz/gateway']);
    const mesh = MeshAuthorizationAnalyzer.fromManifests(manifests);
    expect(mesh.authorize({ serviceAccountNamespace: 'app', serviceAccount: 'worker' }, 'app', 'api', 8080).authorized).toBe(true);
    expect(mesh.authorize({ serviceAccountNamespace: 'app', serviceAccount: 'batch' }, 'app', 'api', 8080).authorized).toBe(false);
  });
});
