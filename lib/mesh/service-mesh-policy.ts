import { Construct } from 'constructs';
import { HttpMethod, HttpRouteApi, PathMatchType } from '../blueprint/mesh';
import { constructId } from '../construct-id';
import { LABELS, managedLabels } from '../labels';
import { MeshPortModel, MeshServiceModel } from '../model/mesh-model';
import { ZONE_MESH_OBJECTS, probeRouteName } from '../model/mesh-names';
import { meshAuthorizationPolicy } from './authorization-policy';
import { addCallerAuthorizations } from './caller-authorizations';
import { MeshHttpRoute } from './http-route';
import { networkAuthenticationRef, serverRef } from './refs';
import { MeshServer } from './server';

/**
 * The Linkerd policy of one meshed service: a Server per port; callers authorized on the whole port,
 * or, when the port has routes, an HTTPRoute per route with its own authorizations plus a probe route
 * for the kubelet (Linkerd stops authorizing probes by default once a route attaches to the Server).
 * The authorizations of a port or route are children of its scope, beside its Server or HTTPRoute.
 */
export class ServiceMeshPolicy extends Construct {
  constructor(scope: Construct, id: string, mesh: MeshServiceModel, routeApi: HttpRouteApi) {
    super(scope, id);
    const { service } = mesh;
    const labels = managedLabels({ [LABELS.service]: service.name, [LABELS.zone]: service.zone.name });
    const namespace = service.namespace;
    for (const port of mesh.ports) {
      const scope = new Construct(this, constructId(port.port.name));
      new MeshServer(scope, 'Server', {
        name: port.name,
        namespace,
        labels,
        podSelector: { matchLabels: { ...service.selector } },
        port: port.port.name,
        proxyProtocol: port.proxyProtocol,
        mode: mesh.mode,
      });
      if (port.routes.length === 0) {
        addCallerAuthorizations(scope, { name: port.name, namespace, labels, target: serverRef(port.name), callers: port.callers });
      } else {
        addRoutes(scope, service.name, port, namespace, labels, routeApi);
      }
    }
  }
}

function addRoutes(scope: Construct, serviceName: string, port: MeshPortModel, namespace: string, labels: Record<string, string>, api: HttpRouteApi): void {
  for (const route of port.routes) {
    const routeScope = new Construct(scope, `Route-${route.routeName}`);
    const httpRoute = new MeshHttpRoute(routeScope, 'HTTPRoute', {
      name: route.name, namespace, labels, serverName: port.name, api,
      matches: [{ pathMatch: route.pathMatch, path: route.path, methods: route.methods }],
    });
    addCallerAuthorizations(routeScope, { name: route.name, namespace, labels, target: httpRoute.ref, callers: route.callers });
  }
  if (port.probePaths.length > 0) {
    const probeScope = new Construct(scope, 'Probes');
    const name = probeRouteName(serviceName, port.port.name);
    const probeRoute = new MeshHttpRoute(probeScope, 'HTTPRoute', {
      name, namespace, labels, serverName: port.name, api,
      matches: port.probePaths.map((path) => ({ pathMatch: PathMatchType.EXACT, path, methods: [HttpMethod.GET] })),
    });
    meshAuthorizationPolicy(probeScope, 'AuthorizationPolicy', {
      name, namespace, labels, target: probeRoute.ref, authentication: networkAuthenticationRef(ZONE_MESH_OBJECTS.kubelet),
    });
  }
}
