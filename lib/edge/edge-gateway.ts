import { Construct } from 'constructs';
import { EnvoyProxy, EnvoyProxySpecProviderType } from '../imports/gateway.envoyproxy.io';
import { Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode } from '../imports/gateway.networking.k8s.io';
import { LABELS, managedLabels } from '../labels';
import { EdgeModel } from '../model/edge-model';

export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The Kubernetes label every namespace carries with its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The edge's `EnvoyProxy`: Envoy Gateway's proxy pods get Linkerd's proxy injected, and route to Service
 * addresses (`routingType: Service`) instead of pod endpoints, so Linkerd sees each call as a call to the
 * Service and applies its policy (mTLS with the proxy's identity).
 */
export class EdgeEnvoyProxy extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, edge: EdgeModel) {
    super(scope, id);
    this.name = `${edge.gatewayName}-proxy`;
    new EnvoyProxy(this, 'Resource', {
      metadata: { name: this.name, namespace: edge.namespace, labels: managedLabels({ [LABELS.service]: edge.service.name }) },
      spec: {
        provider: {
          type: EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: { envoyDeployment: { pod: { annotations: { 'linkerd.io/inject': 'enabled' } } } },
        },
        routingType: 'Service',
      },
    });
  }
}

/**
 * The edge's `Gateway`: one HTTPS listener on the edge service's first port, TLS terminated with the
 * edge certificate, accepting HTTPRoutes only from the namespaces of the exposed APIs.
 */
export class EdgeGateway extends Construct {
  constructor(scope: Construct, id: string, edge: EdgeModel, envoyProxyName: string) {
    super(scope, id);
    const routeNamespaces = [...new Set(edge.apis.map((a) => a.service.namespace))].sort();
    new Gateway(this, 'Resource', {
      metadata: { name: edge.gatewayName, namespace: edge.namespace, labels: managedLabels({ [LABELS.service]: edge.service.name }) },
      spec: {
        gatewayClassName: edge.gatewayClassName,
        infrastructure: { parametersRef: { group: ENVOY_GATEWAY_GROUP, kind: 'EnvoyProxy', name: envoyProxyName } },
        listeners: [{
          name: edge.listenerPort.name,
          protocol: 'HTTPS',
          port: edge.listenerPort.port,
          tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ kind: 'Secret', name: edge.tlsSecretName }] },
          allowedRoutes: {
            kinds: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }],
            namespaces: {
              from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
              selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: routeNamespaces }] },
            },
          },
        }],
      },
    });
  }
}
