import { Construct } from 'constructs';
import { HttpMethod, PathMatchType } from '../blueprint/mesh';
import { ServerV1Beta3SpecPodSelectorMatchExpressionsOperator } from '../imports/policy.linkerd.io';
import { LABELS, managedLabels } from '../labels';
import { MeshModel, MeshZoneModel } from '../model/mesh-model';
import { ZONE_MESH_OBJECTS } from '../model/mesh-names';
import { sourceNetworkAuthentication } from './authentications';
import { meshAuthorizationPolicy } from './authorization-policy';
import { addCallerAuthorizations } from './caller-authorizations';
import { MeshHttpRoute } from './http-route';
import { networkAuthenticationRef } from './refs';
import { MeshServer } from './server';

/** The Linkerd proxy's admin port name, injected into every meshed pod. */
export const PROXY_ADMIN_PORT = 'linkerd-admin';
/** Label the proxy injector puts on every meshed pod: selects all meshed pods of a namespace. */
export const MESHED_POD_LABEL = 'linkerd.io/control-plane-ns';

/**
 * Namespace-wide Linkerd policy of a zone (the MeshTLSAuthentications of its caller groups are
 * `ZoneCallerGroups`, after the services): the `kubelet` NetworkAuthentication that probe routes use, and, when
 * the blueprint has a metrics scraper, what `linkerd viz allow-scrapes` emits: a
 * `proxy-admin` Server on every proxy's admin port, `/metrics` for the scraper's identity only and
 * `/live`, `/ready` for the kubelet.
 */
export class ZoneMeshPolicy extends Construct {
  constructor(scope: Construct, id: string, mesh: MeshModel, zone: MeshZoneModel) {
    super(scope, id);
    const namespace = zone.zone.namespace;
    const labels = managedLabels({ [LABELS.zone]: zone.zone.name });
    const scrapes = zone.scrapers.identities.length > 0 || zone.scrapers.networks.length > 0;
    if (!scrapes && !zone.probeRoutes) {
      return;
    }
    sourceNetworkAuthentication(this, 'Kubelet', { name: ZONE_MESH_OBJECTS.kubelet, namespace, labels, cidrs: mesh.kubeletCidrs });
    if (!scrapes) {
      return;
    }
    const admin = new Construct(this, 'ProxyAdmin');
    new MeshServer(admin, 'Server', {
      name: ZONE_MESH_OBJECTS.proxyAdmin,
      namespace,
      labels,
      podSelector: { matchExpressions: [{ key: MESHED_POD_LABEL, operator: ServerV1Beta3SpecPodSelectorMatchExpressionsOperator.EXISTS }] },
      port: PROXY_ADMIN_PORT,
      proxyProtocol: 'HTTP/1',
      mode: zone.mode,
    });
    const metrics = new MeshHttpRoute(admin, 'MetricsRoute', {
      name: ZONE_MESH_OBJECTS.proxyMetrics, namespace, labels, serverName: ZONE_MESH_OBJECTS.proxyAdmin, api: mesh.httpRouteApi,
      matches: [{ pathMatch: PathMatchType.EXACT, path: '/metrics', methods: [HttpMethod.GET] }],
    });
    addCallerAuthorizations(new Construct(admin, 'MetricsCallers'), {
      name: ZONE_MESH_OBJECTS.proxyMetrics, namespace, labels, target: metrics.ref, callers: zone.scrapers,
    });
    const probes = new MeshHttpRoute(admin, 'ProbesRoute', {
      name: ZONE_MESH_OBJECTS.proxyProbes, namespace, labels, serverName: ZONE_MESH_OBJECTS.proxyAdmin, api: mesh.httpRouteApi,
      matches: ['/live', '/ready'].map((path) => ({ pathMatch: PathMatchType.EXACT, path, methods: [HttpMethod.GET] })),
    });
    meshAuthorizationPolicy(admin, 'ProbesAuthorizationPolicy', {
      name: ZONE_MESH_OBJECTS.proxyProbes, namespace, labels, target: probes.ref, authentication: networkAuthenticationRef(ZONE_MESH_OBJECTS.kubelet),
    });
  }
}
