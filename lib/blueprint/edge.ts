/**
 * The edge: the blueprint's DMZ gateway service, run as an Envoy Gateway `Gateway` whose proxy checks
 * every end user's Keycloak token before a request reaches an API.
 */
export interface EdgeProps {
  /**
   * The DMZ service that is the edge. Its Gateway takes the service's name and zone namespace, and its
   * listener the service's first port.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly service: string;

  /** The APIs the edge exposes, each with the end-user checks of its routes. */
  readonly apis: EdgeApiProps[];

  /**
   * The GatewayClass Envoy Gateway serves.
   * @default 'eg'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly gatewayClassName?: string;

  /**
   * Namespace of the Envoy Gateway controller, where it runs the proxy pods.
   * @default 'envoy-gateway-system'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly controllerNamespace?: string;

  /**
   * ServiceAccount of the proxy pods (their Linkerd identity).
   * @default - Envoy Gateway's own name: `envoy-<namespace>-<name>-<first 8 hex of sha256("<namespace>/<name>")>`
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly proxyServiceAccount?: string;

  /**
   * Host names the listener accepts.
   * @default - any host
   */
  readonly hostnames?: string[];

  /**
   * Secret (in the zone namespace) with the listener's TLS certificate.
   * @default '<service>-edge-tls'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly tlsSecretName?: string;
}

/** An API exposed at the edge: one HTTPRoute and one SecurityPolicy. */
export interface EdgeApiProps {
  /**
   * The blueprint service that serves the API.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly service: string;

  /**
   * Name of the service's HTTP port the edge forwards to.
   * @default - the service's only `http` or `http2` port that does not serve metrics
   * @pattern ^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$
   * @maxLength 15
   */
  readonly port?: string;

  /**
   * The API's Keycloak client: the `aud` a token must carry, and the owner of the client roles in
   * `requireClientRoles`.
   * @default - the service name
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly clientId?: string;
}
