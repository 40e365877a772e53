import { AppProtocol, HttpMethod, MeshPolicyMode, PathMatchType, ZeroTrustBlueprintProps } from '../../lib';

/**
 * A small blueprint that exercises every mesh feature: an internet entry point, an HTTP API with
 * routes (by service and by role), probes, a metrics port, three services holding admin, operator and
 * viewer, an unmeshed caller admitted by address, an opaque database and the metrics scraper.
 */
export function meshBlueprint(): ZeroTrustBlueprintProps {
  return {
    services: [
      { name: 'gateway', zone: 'dmz', ports: [{ name: 'https', port: 443, targetPort: 8443, appProtocol: AppProtocol.TCP }], allowFrom: [{ internet: true }] },
      {
        name: 'api',
        zone: 'app',
        ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090, metrics: true }],
        probes: { liveness: '/healthz', readiness: '/ready' },
        allowFrom: [{ service: 'gateway', ports: ['http'] }, { roles: ['viewer'], ports: ['http'] }],
        routes: [
          { name: 'public', path: '/api', allowServices: ['gateway'] },
          { name: 'reports', path: '/reports', methods: [HttpMethod.GET, HttpMethod.HEAD], allowRoles: ['viewer'] },
          { name: 'admin', path: '/admin', allowRoles: ['admin'] },
        ],
      },
      { name: 'admin-tool', zone: 'app', roles: ['admin'] },
      { name: 'ops-bot', zone: 'app', roles: ['operator'] },
      { name: 'dashboard', zone: 'app', roles: ['viewer'] },
      { name: 'search', zone: 'app', ports: [{ name: 'grpc', port: 9000, appProtocol: AppProtocol.GRPC }, { name: 'h2', port: 9001, appProtocol: AppProtocol.HTTP2 }], allowFrom: [{ service: 'api' }] },
      { name: 'legacy', zone: 'app', meshed: false, callerCidrs: ['10.42.0.0/16'] },
      { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ service: 'api' }, { service: 'legacy' }] },
      { name: 'prometheus', zone: 'management', metricsScraper: true, ports: [{ name: 'http', port: 9090 }] },
    ],
  };
}

/** The fixture with one change to its mesh settings or services. */
export function withMesh(mutate: (b: any) => void): ZeroTrustBlueprintProps {
  const b = JSON.parse(JSON.stringify(meshBlueprint()));
  mutate(b);
  return b;
}

export { MeshPolicyMode, PathMatchType };

/** Linkerd objects of a manifest list (policy.linkerd.io and Gateway API). */
export function linkerdObjects(manifests: any[]): any[] {
  // Gateway API HTTPRoutes are Linkerd's when they attach to a Server (the edge's attach to a Gateway).
  return manifests.filter((m) => /^policy\.linkerd\.io\//.test(m.apiVersion)
    || (m.kind === 'HTTPRoute' && /^gateway\.networking\.k8s\.io\//.test(m.apiVersion)
      && (m.spec.parentRefs ?? []).every((p: any) => p.group === 'policy.linkerd.io')));
}

/** `Kind namespace/name` of each object. */
export function ids(objects: any[]): string[] {
  return objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
}
