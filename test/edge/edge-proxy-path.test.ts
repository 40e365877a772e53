// The edge's mesh and network path: the Envoy proxy pods (controller namespace, proxy ServiceAccount,
// owning-Gateway labels) make the edge service's calls to the exposed APIs, and fetch the JWKS from
// Keycloak. Checked on the reference platform and on variants where the edge reaches the API through a
// zone entry, a roles entry, or with more ports than the one the edge forwards to; the expectations come
// from the blueprint text (test/support/declared-connectivity.ts, test/support/edge-proxy.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeshAuthorizationAnalyzer, ReachabilityAnalyzer, ZeroTrustBlueprintProps } from '../../lib';
import { declaredConnectivity, expandPorts } from '../support/declared-connectivity';
import { DeclaredEdgeProxy, declaredEdgeProxy } from '../support/edge-proxy';
import { runs, seed } from '../property/settings';
import { exampleProps, synthBlueprint } from '../support/synth';

const PROXY_POD = 'envoy-proxy';

const svc = (b: ZeroTrustBlueprintProps, name: string): any => b.services.find((s) => s.name === name)!;
const variant = (mutate: (b: any) => void): ZeroTrustBlueprintProps => {
  const b = JSON.parse(JSON.stringify(exampleProps()));
  mutate(b);
  return b;
};

const VARIANTS: Record<string, ZeroTrustBlueprintProps> = {
  'the reference platform': exampleProps(),
  // The DMZ zone calls the API: the edge's share of it is the proxy's, the other DMZ services keep theirs.
  'a zone entry': variant((b) => {
    svc(b, 'business-api').allowFrom[0] = { zone: 'dmz', ports: ['http'] };
    svc(b, 'business-api').routes[0].allowServices = ['gateway', 'static-assets'];
  }),
  // The edge holds viewer: the roles entry admits the proxy instead of the gateway's pods.
  'a roles entry': variant((b) => {
    svc(b, 'gateway').roles = ['viewer'];
    svc(b, 'business-api').allowFrom.splice(0, 1);
    svc(b, 'business-api').routes[0].allowServices = undefined;
    svc(b, 'business-api').routes[0].allowRoles = ['viewer'];
  }),
  // The edge service also reads the API's metrics port: that call stays the gateway's own.
  'an entry with more ports': variant((b) => { svc(b, 'business-api').allowFrom[0].ports = ['http', 'metrics']; }),
  // A non-default controller namespace and proxy ServiceAccount.
  'a custom proxy identity': variant((b) => { b.edge.controllerNamespace = 'edge-system'; b.edge.proxyServiceAccount = 'edge-proxy'; }),
};

/** Where the NetworkPolicies differ from the blueprint text, for every service and the proxy pods as sources. */
function networkMismatches(props: ZeroTrustBlueprintProps, network: ReachabilityAnalyzer, edge: DeclaredEdgeProxy): string[] {
  const declared = declaredConnectivity(props);
  const sources = [...props.services.map((s) => ({ namespace: s.zone, name: s.name, key: s.name })), { namespace: edge.namespace, name: PROXY_POD, key: edge.key }];
  const mismatches: string[] = [];
  for (const src of sources) {
    const reached = network.reachableFrom(src.namespace, src.name);
    for (const dst of props.services.filter((s) => s.name !== src.name)) {
      const expected = declared.get(`${src.key} -> ${dst.name}`) ?? [];
      const actual = expandPorts(reached.find((r) => r.destination.name === dst.name)?.ports ?? []);
      if (expected.join(',') !== actual.join(',')) mismatches.push(`${src.key} -> ${dst.name}: declared ${expected.join(',') || 'nothing'}, reachable ${actual.join(',') || 'nothing'}`);
    }
  }
  return mismatches;
}

/** Where Linkerd admits the proxy or the edge service otherwise than the blueprint text says, on each exposed API's routes and on Keycloak. */
function meshMismatches(props: ZeroTrustBlueprintProps, mesh: MeshAuthorizationAnalyzer, edge: DeclaredEdgeProxy): string[] {
  const proxyId = { serviceAccount: edge.serviceAccount, serviceAccountNamespace: edge.namespace };
  const edgeService = svc(props, edge.edgeService);
  const out: string[] = [];
  for (const [api, portName] of edge.apiPorts) {
    const target = svc(props, api);
    const port = target.ports.find((p: any) => p.name === portName);
    const number = port.targetPort ?? port.port;
    for (const route of target.routes ?? []) {
      const request = { path: route.path === '/' ? '/x' : `${route.path}/x`, method: route.methods?.[0] ?? 'GET' };
      const edgeAdmitted = (route.allowServices ?? []).includes(edge.edgeService) || (route.allowRoles ?? []).some((r: string) => (edgeService.roles ?? []).includes(r));
      if (mesh.authorize(proxyId, target.zone, api, number, request).authorized !== edgeAdmitted) out.push(`proxy ${edgeAdmitted ? 'refused' : 'admitted'} on route ${route.name} of ${api}`);
      if (mesh.authorizeWorkload(edgeService.zone, edge.edgeService, target.zone, api, number, request).authorized) out.push(`${edge.edgeService} admitted on route ${route.name} of ${api}`);
    }
  }
  const keycloak = svc(props, 'keycloak');
  if (mesh.authorize(proxyId, keycloak.zone, 'keycloak', 8443).authorized !== (edge.jwks !== undefined)) out.push(`proxy ${edge.jwks ? 'refused' : 'admitted'} on Keycloak's https`);
  return out;
}

function analyzers(manifests: any[], edge: DeclaredEdgeProxy) {
  const network = ReachabilityAnalyzer.fromManifests(manifests, {
    extraNamespaces: [{ name: edge.namespace }],
    extraWorkloads: [{ namespace: edge.namespace, name: PROXY_POD, labels: edge.labels }],
  });
  return { network, mesh: MeshAuthorizationAnalyzer.fromManifests(manifests) };
}

describe.each(Object.entries(VARIANTS))("the edge's proxy path in %s", (_, props) => {
  const manifests = synthBlueprint(props, { workloads: true });
  const edge = declaredEdgeProxy(props)!;
  const declared = declaredConnectivity(props);
  const { network, mesh } = analyzers(manifests, edge);
  const proxyId = { serviceAccount: edge.serviceAccount, serviceAccountNamespace: edge.namespace };

  it('the NetworkPolicies let the proxy pods reach exactly the API ports and Keycloak, and every service exactly what it declares', () => {
    expect(networkMismatches(props, network, edge)).toEqual([]);
    // The proxy's calls, from the text: each exposed API's port and Keycloak's HTTPS.
    expect([...declared.keys()].filter((k) => k.startsWith(`${edge.key} -> `)).sort()).toEqual([...edge.apiPorts.keys(), 'keycloak'].map((t) => `${edge.key} -> ${t}`).sort());
  });

  it("the edge service's pods no longer reach the API's port: neither its egress nor the API's ingress admits them", () => {
    // The ingress side alone: the same policies with their egress rules and Egress policy type removed.
    const ingressOnly = ReachabilityAnalyzer.fromManifests(manifests.map((m) => (m.kind === 'NetworkPolicy'
      ? { ...m, spec: { ...m.spec, egress: undefined, policyTypes: m.spec.policyTypes.filter((t: string) => t !== 'Egress') } }
      : m)));
    const edgeZone = svc(props, edge.edgeService).zone;
    for (const [api, portName] of edge.apiPorts) {
      const target = svc(props, api);
      const port = target.ports.find((p: any) => p.name === portName).targetPort ?? target.ports.find((p: any) => p.name === portName).port;
      expect(network.allows(edgeZone, edge.edgeService, target.zone, api, port)).toBe(false);
      expect(ingressOnly.allows(edgeZone, edge.edgeService, target.zone, api, port)).toBe(false);
      expect(ingressOnly.allows(edgeZone, edge.edgeService, target.zone, api, 4143)).toBe(
        (declared.get(`${edge.edgeService} -> ${api}`) ?? []).includes('TCP/4143'));
    }
  });

  it("Linkerd admits the proxy's identity on the routes the edge service was admitted to (each route's requests), and the edge service's own identity nowhere there", () => {
    for (const [api, portName] of edge.apiPorts) {
      const target = svc(props, api);
      const port = target.ports.find((p: any) => p.name === portName);
      for (const route of target.routes ?? []) {
        const request = { path: route.path === '/' ? '/x' : `${route.path}/x`, method: route.methods?.[0] ?? 'GET' };
        const edgeAdmitted = (route.allowServices ?? []).includes(edge.edgeService)
          || (route.allowRoles ?? []).some((r: string) => (svc(props, edge.edgeService).roles ?? []).includes(r));
        const asProxy = mesh.authorize(proxyId, target.zone, api, port.targetPort ?? port.port, request).authorized;
        expect(asProxy, `proxy on route ${route.name}`).toBe(edgeAdmitted);
        const asEdge = mesh.authorizeWorkload(svc(props, edge.edgeService).zone, edge.edgeService, target.zone, api, port.targetPort ?? port.port, request).authorized;
        expect(asEdge, `${edge.edgeService} on route ${route.name}`).toBe(false);
      }
    }
  });

  it("Linkerd admits the proxy on the API's routes where the edge service was admitted, never the edge service itself there", () => {
    expect(meshMismatches(props, mesh, edge)).toEqual([]);
  });

  it("Keycloak's Server admits the proxy on HTTPS (the JWKS fetch), and no other port of any service admits it", () => {
    const keycloak = svc(props, 'keycloak');
    expect(mesh.authorize(proxyId, keycloak.zone, 'keycloak', 8443).authorized).toBe(true);
    const api = new Map([...edge.apiPorts].map(([name, port]) => [name, port]));
    for (const s of props.services.filter((x) => x.name !== 'keycloak')) {
      for (const p of (s.ports ?? []).filter((x) => api.get(s.name) !== x.name && !x.metrics)) {
        expect(mesh.authorize(proxyId, s.zone, s.name, p.targetPort ?? p.port, { path: '/' }).authorized, `${s.name}:${p.name}`).toBe(false);
      }
    }
  });

  it("the controller namespace is a meshed namespace: the proxies reach Linkerd's identity, destination and policy", () => {
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === 'linkerd' && m.metadata.name === 'allow-control-plane-ingress');
    const rule = policy.spec.ingress.find((r: any) => r.ports?.some((p: any) => p.port === 8086));
    expect(rule.from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': edge.namespace } } });
    expect(rule.ports.map((p: any) => p.port).sort()).toEqual([8080, 8086, 8090]);
  });
});

/** Generated edge blueprints: how the edge reaches the API, extra ports, the proxy's identity, Keycloak's certificate. */
const edgeVariant = fc.record({
  access: fc.constantFrom('service', 'zone', 'roles'),
  metricsToo: fc.boolean(),
  controllerNamespace: fc.constantFrom(undefined, 'edge-system', 'gateways'),
  proxyServiceAccount: fc.constantFrom(undefined, 'edge-proxy'),
  keycloakPublicCert: fc.boolean(),
}).map((v) => variant((b) => {
  const api = svc(b, 'business-api');
  if (v.access === 'zone') {
    api.allowFrom[0] = { zone: 'dmz', ports: ['http'] };
    api.routes[0].allowServices = ['gateway', 'static-assets'];
  } else if (v.access === 'roles') {
    svc(b, 'gateway').roles = ['viewer'];
    api.allowFrom.splice(0, 1);
    api.routes[0].allowServices = undefined;
    api.routes[0].allowRoles = ['viewer'];
  }
  if (v.metricsToo) {
    const entry = api.allowFrom.find((f: any) => f.zone === 'dmz' || f.service === 'gateway' || f.roles);
    entry.ports = [...entry.ports, 'metrics'];
  }
  if (v.controllerNamespace) b.edge.controllerNamespace = v.controllerNamespace;
  if (v.proxyServiceAccount) b.edge.proxyServiceAccount = v.proxyServiceAccount;
  if (v.keycloakPublicCert) b.keycloak.tlsSecretName = 'keycloak-public-tls';
}));

describe(`generated edge blueprints (seed ${seed()})`, () => {
  it('the proxy pods and identity reach exactly what the blueprint text gives the edge, in both layers', () => {
    fc.assert(fc.property(edgeVariant, (props) => {
      const manifests = synthBlueprint(props, { workloads: true });
      const edge = declaredEdgeProxy(props)!;
      const { network, mesh } = analyzers(manifests, edge);
      expect([...networkMismatches(props, network, edge), ...meshMismatches(props, mesh, edge)]).toEqual([]);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 24) });
  }, 300_000);
});
