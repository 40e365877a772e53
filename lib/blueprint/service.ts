import { FlowSourceProps, ExternalEgressProps } from './flow';
import { HttpRouteProps, ProbesProps } from './mesh';
import { ServiceTlsProps } from './pki';
import { AppProtocol, Protocol } from './protocol';

/** A port a service listens on. */
export interface ServicePortProps {
  /**
   * Port name, an IANA service name (lowercase, at most 15 characters). Flows refer to ports by name.
   * @pattern ^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$
   * @maxLength 15
   */
  readonly name: string;

  /**
   * Port number the Kubernetes Service exposes.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port: number;

  /**
   * Port the container listens on. NetworkPolicies and Linkerd Servers use this port.
   * @default - same as `port`
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly targetPort?: number;

  /**
   * Transport protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * Application protocol.
   * @default AppProtocol.HTTP
   */
  readonly appProtocol?: AppProtocol;

  /**
   * Whether this port serves Prometheus metrics (scraped by the management zone's metrics scraper).
   * @default false
   */
  readonly metrics?: boolean;
}

/** The Kubernetes ServiceAccount, the service's workload identity in the mesh. */
export interface ServiceAccountProps {
  /**
   * ServiceAccount name.
   * @default - the service name
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly name?: string;

  /**
   * Whether the library creates the ServiceAccount. Set false when it already exists in the zone namespace.
   * @default true
   */
  readonly create?: boolean;
}

/** A service of the platform: one workload identity, its ports and who may call it. */
export interface ServiceProps {
  /**
   * Service name, a DNS-1123 label, unique in the blueprint.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly name: string;

  /**
   * Name of the zone the service runs in.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly zone: string;

  /**
   * Pod labels that select the service's pods. Keys under `zero-trust.cdk8s.io/` are the library's own, and
   * in a namespace no selector may hold only labels that another service's selector holds too: its Service,
   * NetworkPolicies and Linkerd Servers would select that service's pods as well.
   * @default { 'app.kubernetes.io/name': <name> }
   */
  readonly selector?: { [key: string]: string };

  /**
   * The service's ServiceAccount.
   * @default - a ServiceAccount named after the service, created by the library
   */
  readonly serviceAccount?: ServiceAccountProps;

  /**
   * Ports the service listens on. A pure client (a worker) declares none.
   * @default - none
   */
  readonly ports?: ServicePortProps[];

  /**
   * Whether the service runs with a Linkerd proxy.
   * @default - the zone's `meshed`
   */
  readonly meshed?: boolean;

  /**
   * Who may call this service.
   * @default - nobody
   */
  readonly allowFrom?: FlowSourceProps[];

  /**
   * Destinations outside the cluster this service may call (an SMTP relay, a payment provider).
   * @default - none
   */
  readonly egressTo?: ExternalEgressProps[];

  /**
   * Whether this service is the metrics scraper (Prometheus). It must run in a management zone; it may
   * reach the Linkerd proxy admin port 4191 of meshed pods and every port marked `metrics` in all zones.
   * @default false
   */
  readonly metricsScraper?: boolean;

  /**
   * The metrics scraper is a Prometheus run by the Prometheus Operator, which finds its targets in
   * `ServiceMonitor`s and `PodMonitor`s. Only with `metricsScraper`. Turns on the ServiceMonitor the Keycloak
   * Operator makes (`serviceMonitor.enabled`), which it cannot create where that CRD is missing.
   * @default false
   */
  readonly prometheusOperator?: boolean;

  /**
   * Realm roles the service's Keycloak service-account client holds. Mesh policies may admit callers by
   * role (`allowRoles`), which expands to every service holding the role directly or by inheritance.
   * @default - none
   * @pattern ^[a-z][a-z0-9_-]{0,62}$
   */
  readonly roles?: string[];

  /**
   * HTTP routes with their own callers (Linkerd HTTPRoutes). A port with routes only serves requests
   * that match one of its routes, and only to the callers of that route.
   * @default - none: callers allowed on a port may call every path
   */
  readonly routes?: HttpRouteProps[];

  /**
   * Paths of the service's HTTP probes (liveness, readiness, startup).
   * @default - no HTTP probes
   */
  readonly probes?: ProbesProps;

  /**
   * For a service that is not meshed: address ranges its pods call from (its node pool or pod CIDR).
   * It has no mTLS identity, so meshed services it calls admit it by address (a Linkerd
   * NetworkAuthentication). Required before an unmeshed service may call a meshed one.
   * @default - none
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly callerCidrs?: string[];

  /**
   * Whether the library creates a Kubernetes Service for the declared ports.
   * @default true
   */
  readonly expose?: boolean;

  /**
   * A certificate from the internal service CA (requires `pki`), for TLS outside the mesh.
   * @default - none
   */
  readonly tls?: ServiceTlsProps;
}
