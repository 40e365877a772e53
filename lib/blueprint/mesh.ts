/**
 * How Linkerd treats calls that no authorization admits, for a zone's namespace
 * (`config.linkerd.io/default-inbound-policy`) and for every Server in it (`accessPolicy`).
 */
export enum MeshPolicyMode {
  /** Observe: nothing is denied; calls no policy admits are allowed and logged as would-be denials. */
  AUDIT = 'audit',
  /** Enforce: calls no policy admits are refused (HTTP 403, or the connection is refused). */
  DENY = 'deny',
}

/** Which HTTPRoute resource the mesh policies use. */
export enum HttpRouteApi {
  /** Linkerd's own `policy.linkerd.io/v1beta3` HTTPRoute, installed with Linkerd's CRDs. */
  LINKERD = 'linkerd',
  /** The Gateway API `gateway.networking.k8s.io/v1` HTTPRoute (the Gateway API CRDs must be installed). */
  GATEWAY_API = 'gateway-api',
}

/** How a route matches the request path, as the Gateway API names it. */
export enum PathMatchType {
  /** The path equals the value. */
  EXACT = 'Exact',
  /** The path starts with the value, element by element (`/api` matches `/api/x`, not `/apix`). */
  PATH_PREFIX = 'PathPrefix',
  /** The path matches the value as a regular expression. */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** An HTTP request method. */
export enum HttpMethod {
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  DELETE = 'DELETE',
  CONNECT = 'CONNECT',
  OPTIONS = 'OPTIONS',
  TRACE = 'TRACE',
  PATCH = 'PATCH',
}

/** Linkerd authorization policy for the whole blueprint. */
export interface MeshProps {
  /**
   * Roll-out mode of every zone that does not set its own `meshMode`. Start with `audit`, read the
   * access logs for would-be denials, then switch zone by zone to `deny` (pods must restart).
   * @default MeshPolicyMode.DENY
   */
  readonly mode?: MeshPolicyMode;

  /**
   * Whether meshed pods write one JSON access-log line per HTTP request, with the caller's identity
   * (`config.linkerd.io/access-log: json` on the zone namespaces).
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * Address ranges kubelet probes come from (the nodes). They are admitted, by a NetworkAuthentication,
   * to probe paths on ports that have routes and to the proxies' `/live` and `/ready`.
   * @default ['0.0.0.0/0', '::/0'] (what Linkerd itself uses; narrow it to the node network)
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly kubeletCidrs?: string[];

  /**
   * Which HTTPRoute resource to emit for routes, probes and metrics.
   * @default HttpRouteApi.LINKERD
   */
  readonly httpRouteApi?: HttpRouteApi;
}

/**
 * An HTTP route of a service port with its own callers. As soon as a port has a route, Linkerd only
 * lets through requests that match one of the port's routes, from callers that route admits.
 */
export interface HttpRouteProps {
  /**
   * Route name, a DNS-1123 label unique within the service.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly name: string;

  /**
   * Name of the HTTP port the route belongs to.
   * @default - the service's only `http` or `http2` port that does not serve metrics
   * @pattern ^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$
   * @maxLength 15
   */
  readonly port?: string;

  /**
   * Path to match (without query string).
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` matches.
   * @default PathMatchType.PATH_PREFIX
   */
  readonly pathMatch?: PathMatchType;

  /**
   * Methods the route matches.
   * @default - every method
   */
  readonly methods?: HttpMethod[];

  /**
   * Services that may call this route. Each must also be allowed on the port by `allowFrom`.
   * @default - none
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly allowServices?: string[];

  /**
   * WORKLOAD roles: realm roles whose holders (services holding the role directly or by inheritance) may
   * call this route. Checked by Linkerd, as mTLS identities; says nothing about end users.
   * @default - none
   * @pattern ^[a-z][a-z0-9_-]{0,62}$
   */
  readonly allowRoles?: string[];

  /**
   * END-USER realm roles, checked at the edge (`edge.apis`) from the token's `realm_access.roles`: the
   * token must carry one of them. Keycloak puts inherited roles in the token, so `viewer` admits admins too.
   * @default - no realm role required (a valid token still is, unless `public`)
   */
  readonly requireUserRoles?: string[];

  /**
   * END-USER client roles of the API's client, checked at the edge from
   * `resource_access.<clientId>.roles`: the token must carry one of them (and one of `requireUserRoles`,
   * when both are set).
   * @default - no client role required
   */
  readonly requireClientRoles?: string[];

  /**
   * Whether the edge lets this route through without a token (a health page, public documents). A token
   * that is presented must still be valid.
   * @default false
   */
  readonly public?: boolean;
}

/**
 * The paths of a service's HTTP probes. The binding adds them to the workload when it has none, and a
 * port with routes gets a probe route that admits the kubelet to exactly these paths.
 */
export interface ProbesProps {
  /**
   * Name of the port the probes call.
   * @default - the service's first `http` or `http2` port
   * @pattern ^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$
   * @maxLength 15
   */
  readonly port?: string;

  /**
   * Liveness probe path (no query string).
   * @default - no liveness probe
   */
  readonly liveness?: string;

  /**
   * Readiness probe path (no query string).
   * @default - no readiness probe
   */
  readonly readiness?: string;

  /**
   * Startup probe path (no query string).
   * @default - no startup probe
   */
  readonly startup?: string;
}
