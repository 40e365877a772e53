import { describe, expect, it } from 'vitest';
import { ReachabilityAnalyzer } from '../../lib';
import { declaredConnectivity, declaredExternalIngress, expandPorts } from '../support/declared-connectivity';
import { declaredEdgeProxy } from '../support/edge-proxy';
import { exampleProps, synthExample } from '../support/synth';

const deployment = (ns: string, name: string, labels: Record<string, string>, ports: any[] = []) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
  spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'main', ports }] } } },
});
const netpol = (ns: string, name: string, spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });

describe('ReachabilityAnalyzer semantics', () => {
  const a = deployment('ns1', 'a', { app: 'a' });
  const b = deployment('ns1', 'b', { app: 'b' }, [{ name: 'http', containerPort: 8080 }]);
  const c = deployment('ns2', 'c', { app: 'c' });

  it('allows everything when no policy selects a pod', () => {
    const r = ReachabilityAnalyzer.fromManifests([a, b, c]);
    expect(r.describe('ns1', 'a', 'ns2', 'c')).toBe('SCTP 1-65535;TCP 1-65535;UDP 1-65535');
  });

  it('isolates a pod selected by a policy of that direction, and needs both ends to allow', () => {
    const deny = netpol('ns1', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const allowIn = netpol('ns1', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'http' }] }] });
    const r1 = ReachabilityAnalyzer.fromManifests([a, b, deny, allowIn]);
    expect(r1.allows('ns1', 'a', 'ns1', 'b', 8080)).toBe(false); // a's egress is still denied
    const allowOut = netpol('ns1', 'a-out', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }] }] });
    const r2 = ReachabilityAnalyzer.fromManifests([a, b, deny, allowIn, allowOut]);
    expect(r2.describe('ns1', 'a', 'ns1', 'b')).toBe('TCP 8080'); // named port resolved on b
    expect(r2.allows('ns1', 'b', 'ns1', 'a', 8080)).toBe(false);
  });

  it('reads a pod selector without namespace selector as the policy namespace only', () => {
    const inC = netpol('ns2', 'c-in', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] });
    const r = ReachabilityAnalyzer.fromManifests([a, c, inC]);
    expect(r.allows('ns1', 'a', 'ns2', 'c', 80)).toBe(false);
  });

  it('matches namespaces by their labels, including the automatic name label', () => {
    const inC = netpol('ns2', 'c-in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ns1' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a'] }] } }], ports: [{ protocol: 'UDP', port: 53, endPort: 54 }] }] });
    const r = ReachabilityAnalyzer.fromManifests([a, b, c, inC]);
    expect(r.describe('ns1', 'a', 'ns2', 'c')).toBe('UDP 53-54');
    expect(r.describe('ns1', 'b', 'ns2', 'c')).toBe('No Connections');
  });

  it('treats ipBlock peers as addresses outside the pods', () => {
    const inB = netpol('ns1', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 8080 }] }] });
    const r = ReachabilityAnalyzer.fromManifests([a, b, inB]);
    expect(r.allows('ns1', 'a', 'ns1', 'b', 8080)).toBe(false);
    expect(r.ingressFromExternal('ns1', 'b')).toEqual([{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'], ports: [{ protocol: 'TCP', ranges: [{ from: 8080, to: 8080 }] }], summary: 'TCP 8080' }]);
  });
});

describe('ReachabilityAnalyzer and operator-run workloads', () => {
  it('reads a Keycloak CR as the pods the operator makes from its pod template, with the https and management ports', () => {
    const keycloak = {
      apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'Keycloak', metadata: { name: 'keycloak', namespace: 'ns1' },
      // Not `app`: the operator sets `app: keycloak` on its pods over the template's labels.
      spec: { http: { httpsPort: 8443 }, httpManagement: { port: 9000 }, unsupported: { podTemplate: { metadata: { labels: { tier: 'kc' } } } } },
    };
    const client = deployment('ns1', 'client', { app: 'client' });
    const inKc = netpol('ns1', 'kc-in', { podSelector: { matchLabels: { tier: 'kc' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'https' }] }] });
    const r = ReachabilityAnalyzer.fromManifests([keycloak, client, inKc]);
    expect(r.workloads).toContainEqual({ namespace: 'ns1', name: 'keycloak', kind: 'Keycloak' });
    expect(r.describe('ns1', 'client', 'ns1', 'keycloak')).toBe('TCP 8443');
  });

  it('gives the Keycloak pods the operator\'s labels, which its own NetworkPolicy selects', () => {
    const keycloak = { apiVersion: 'k8s.keycloak.org/v2beta1', kind: 'Keycloak', metadata: { name: 'sso', namespace: 'ns1' }, spec: {} };
    const client = deployment('ns1', 'client', { app: 'client' });
    const operatorPolicy = netpol('ns1', 'sso-network-policy', {
      podSelector: { matchLabels: { 'app': 'keycloak', 'app.kubernetes.io/managed-by': 'keycloak-operator', 'app.kubernetes.io/instance': 'sso' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8443 }] }],
    });
    expect(ReachabilityAnalyzer.fromManifests([keycloak, client, operatorPolicy]).describe('ns1', 'client', 'ns1', 'sso')).toBe('TCP 8443');
  });
});

describe('blast radius of the reference platform', () => {
  const { manifests } = synthExample();
  const props = exampleProps();
  // The edge's Envoy proxy pods, as Envoy Gateway runs them (from the blueprint text).
  const edge = declaredEdgeProxy(props)!;
  const proxy = { namespace: edge.namespace, name: 'envoy-proxy', labels: edge.labels };
  const analyzer = ReachabilityAnalyzer.fromManifests(manifests, {
    extraNamespaces: [{ name: 'kube-system' }, { name: 'linkerd' }, { name: edge.namespace }],
    extraWorkloads: [
      { namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' } },
      { namespace: 'linkerd', name: 'linkerd-destination', labels: { 'linkerd.io/control-plane-component': 'destination' } },
      proxy,
    ],
  });
  const ns = (name: string) => props.services.find((s) => s.name === name)!.zone;
  const declared = declaredConnectivity(props);

  it('equals what the blueprint declares for every pair of workloads, nothing more', () => {
    const mismatches: string[] = [];
    const sources = [...props.services.map((s) => ({ namespace: s.zone, name: s.name, key: s.name })), { ...proxy, key: edge.key }];
    for (const src of sources) {
      for (const dst of props.services.filter((s) => s.name !== src.name)) {
        const expected = declared.get(`${src.key} -> ${dst.name}`) ?? [];
        const actual = expandPorts(analyzer.reachableFrom(src.namespace, src.name).find((r) => r.destination.name === dst.name)?.ports ?? []);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          mismatches.push(`${src.key} -> ${dst.name}: declared ${expected.join(',') || 'nothing'}, reachable ${actual.join(',') || 'nothing'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(declared.size).toBeGreaterThan(15);
  });

  it("the edge's Envoy proxy, not the gateway's pods, reaches the business API's port; the proxy reaches Keycloak's HTTPS for the JWKS", () => {
    expect(analyzer.describe('dmz', 'gateway', 'app', 'business-api')).toBe('No Connections');
    expect(analyzer.describe(edge.namespace, 'envoy-proxy', 'app', 'business-api')).toBe('TCP 4143,8080');
    expect(analyzer.describe(edge.namespace, 'envoy-proxy', 'app', 'keycloak')).toBe('TCP 4143,8443');
    // Only the proxy pods of this Gateway: another pod of the controller namespace reaches nothing.
    const other = ReachabilityAnalyzer.fromManifests(manifests, {
      extraNamespaces: [{ name: edge.namespace }],
      extraWorkloads: [{ namespace: edge.namespace, name: 'envoy-gateway', labels: { 'control-plane': 'envoy-gateway' } },
        { namespace: edge.namespace, name: 'other-proxy', labels: { ...edge.labels, 'gateway.envoyproxy.io/owning-gateway-name': 'other' } }],
    });
    for (const name of ['envoy-gateway', 'other-proxy']) {
      expect(other.reachableFrom(edge.namespace, name).filter((r) => r.destination.namespace !== edge.namespace), name).toEqual([]);
    }
    // The gateway keeps its own declared calls that the edge does not carry.
    expect(analyzer.describe('dmz', 'gateway', 'app', 'auth-service')).toBe('TCP 4143,8080');
  });

  it('a compromised business API reaches PostgreSQL and declared infrastructure, not Redis, MinIO or Grafana', () => {
    const reached = analyzer.reachableFrom('app', 'business-api').map((r) => `${r.destination.name}: ${r.summary}`);
    expect(reached).toEqual([
      'keycloak: TCP 4143,8443',
      'ml-service: TCP 4143,8000',
      'postgresql: TCP 4143,5432',
      'coredns: TCP 53;UDP 53',
      'linkerd-destination: TCP 8080,8086,8090',
    ]);
    for (const [target, port] of [['redis', 6379], ['minio', 9000], ['grafana', 3000]] as const) {
      expect(analyzer.allows('app', 'business-api', ns(target), target, port)).toBe(false);
    }
  });

  it('every workload resolves DNS and every meshed workload reaches the Linkerd control plane', () => {
    for (const s of props.services) {
      expect(analyzer.describe(s.zone, s.name, 'kube-system', 'coredns'), s.name).toBe('TCP 53;UDP 53');
      // The scraper also reads the control plane proxies' metrics on 4191.
      expect(analyzer.describe(s.zone, s.name, 'linkerd', 'linkerd-destination'), s.name).toBe(s.metricsScraper ? 'TCP 4191,8080,8086,8090' : 'TCP 8080,8086,8090');
    }
  });

  it('only the gateway is reachable from outside, on its entry port, from anywhere; Grafana only from the admin VPN', () => {
    const declaredExternal = declaredExternalIngress(props);
    for (const s of props.services) {
      const external = analyzer.ingressFromExternal(s.zone, s.name);
      expect(external.map((e) => `${e.cidr} ${expandPorts(e.ports).join(',')}`).sort(), s.name).toEqual(declaredExternal.get(s.name) ?? []);
    }
    expect(analyzer.ingressFromExternal('dmz', 'gateway').map((e) => `${e.cidr} ${e.summary}`)).toEqual(['0.0.0.0/0 TCP 8443', '::/0 TCP 8443']);
    expect(analyzer.ingressFromExternal('management', 'grafana').map((e) => `${e.cidr} ${e.summary}`)).toEqual(['203.0.113.0/24 TCP 3000']);
    expect([...declaredExternal.keys()].sort()).toEqual(['gateway', 'grafana']);
  });

  it('the outside linkerd-viz Prometheus reaches the platform Prometheus as declared, and nothing else', () => {
    const viz = ReachabilityAnalyzer.fromManifests(manifests, {
      extraNamespaces: [{ name: 'linkerd-viz' }],
      extraWorkloads: [{ namespace: 'linkerd-viz', name: 'prometheus', labels: { component: 'prometheus' } }],
    });
    const reached = viz.reachableFrom('linkerd-viz', 'prometheus').filter((r) => r.destination.namespace !== 'linkerd-viz');
    expect(reached.map((r) => `${r.destination.name}: ${expandPorts(r.ports).join(',')}`)).toEqual([`prometheus: ${declared.get('linkerd-viz/prometheus -> prometheus')!.join(',')}`]);
    expect(declared.get('linkerd-viz/prometheus -> prometheus')).toEqual(['TCP/4143', 'TCP/9090']);
  });

  it('only declared external egress leaves the cluster, and nothing from the data zone', () => {
    const egress = Object.fromEntries(props.services.map((s) => [s.name, analyzer.egressToExternal(s.zone, s.name).map((e) => `${e.cidr} ${e.summary}`)]));
    expect(egress.worker).toEqual(['198.51.100.25/32 TCP 587']);
    expect(egress.prometheus).toEqual(['192.0.2.0/28 TCP 6443']);
    for (const name of ['postgresql', 'redis', 'minio', 'business-api', 'keycloak']) {
      expect(egress[name], name).toEqual([]);
    }
  });
});
