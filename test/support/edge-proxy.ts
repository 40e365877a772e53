// The edge's proxy read from the blueprint text (test oracles derive it here, never from the model):
// Envoy Gateway runs the Gateway's proxy pods in its controller namespace under a ServiceAccount named
// `envoy-<gateway ns>-<gateway name>-<first 8 hex of sha256("<ns>/<name>")>` (the `<ns>-<name>` part cut to
// 48 characters), labelled with the owning Gateway. The edge service's calls to each exposed API's port are
// the proxy's, and the proxy fetches the realm's keys from Keycloak's `https` port.
import { createHash } from 'crypto';
import { ZeroTrustBlueprintProps } from '../../lib';

export interface DeclaredEdgeProxy {
  /** The blueprint service that is the edge. */
  readonly edgeService: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** `<namespace>/<serviceAccount>`, as outside workloads are keyed. */
  readonly key: string;
  readonly labels: Record<string, string>;
  /** Exposed API service => the name of the port the edge forwards to. */
  readonly apiPorts: Map<string, string>;
  /** Keycloak's service and port, where the proxy fetches the JWKS in the cluster; undefined: from the public hostname. */
  readonly jwks?: { readonly service: string; readonly port: string };
}

export function declaredEdgeProxy(props: ZeroTrustBlueprintProps): DeclaredEdgeProxy | undefined {
  const edge = props.edge;
  if (!edge) return undefined;
  const edgeService = props.services.find((s) => s.name === edge.service)!;
  const zone = (props.zones ?? []).find((z) => z.name === edgeService.zone);
  const gatewayNs = zone?.namespace ?? edgeService.zone;
  const hash = createHash('sha256').update(`${gatewayNs}/${edge.service}`).digest('hex').slice(0, 8);
  const namespace = edge.controllerNamespace ?? 'envoy-gateway-system';
  const serviceAccount = edge.proxyServiceAccount ?? `envoy-${`${gatewayNs}-${edge.service}`.slice(0, 48).replace(/-$/, '')}-${hash}`;
  const apiPorts = new Map(edge.apis.map((api) => {
    const ports = props.services.find((s) => s.name === api.service)!.ports ?? [];
    const http = ports.filter((p) => ['http', 'http2', undefined].includes(p.appProtocol) && !p.metrics);
    return [api.service, api.port ?? http[0].name];
  }));
  // In the cluster only when Keycloak serves the service CA's certificate for its Service (`pki` and `tls`, no other secret).
  const keycloak = props.keycloak && props.services.find((s) => s.name === (props.keycloak!.service ?? 'keycloak'));
  const serviceCaCert = props.pki !== undefined && keycloak?.tls !== undefined
    && (props.keycloak!.tlsSecretName === undefined || props.keycloak!.tlsSecretName === (keycloak.tls.secretName ?? `${keycloak.name}-tls`));
  return {
    edgeService: edge.service,
    namespace,
    serviceAccount,
    key: `${namespace}/${serviceAccount}`,
    labels: {
      'app.kubernetes.io/component': 'proxy',
      'app.kubernetes.io/managed-by': 'envoy-gateway',
      'app.kubernetes.io/name': 'envoy',
      'gateway.envoyproxy.io/owning-gateway-name': edge.service,
      'gateway.envoyproxy.io/owning-gateway-namespace': gatewayNs,
    },
    apiPorts,
    jwks: keycloak && serviceCaCert ? { service: keycloak.name, port: 'https' } : undefined,
  };
}
