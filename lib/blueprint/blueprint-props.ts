import { AlertingProps } from './alerting';
import { EdgeProps } from './edge';
import { AdminNetworkProps } from './flow';
import { KeycloakProps } from './keycloak';
import { MeshProps } from './mesh';
import { PkiProps } from './pki';
import { RoleProps } from './role';
import { ServiceProps } from './service';
import { ZoneProps, ZoneRuleProps } from './zone';

/** Where the Linkerd control plane runs and what reaches its webhooks. */
export interface LinkerdProps {
  /**
   * Namespace of the Linkerd control plane.
   * @default 'linkerd'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly namespace?: string;

  /**
   * Address ranges the Kubernetes API server calls admission webhooks from (ports 8443 and 9443).
   * Narrow this to your control plane's addresses.
   * @default ['0.0.0.0/0']
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly apiServerCidrs?: string[];

  /**
   * Meshed namespaces outside the blueprint's zones (linkerd-viz, an ingress controller's namespace)
   * whose proxies must still reach the control plane.
   * @default - none
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly additionalMeshedNamespaces?: string[];
}

/** The cluster DNS service every pod must reach. */
export interface DnsProps {
  /**
   * Namespace of the cluster DNS pods.
   * @default 'kube-system'
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly namespace?: string;

  /**
   * Labels of the cluster DNS pods.
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly podSelector?: { [key: string]: string };
}

/** The zero-trust blueprint: zones, services, flows and the infrastructure they depend on. */
export interface ZeroTrustBlueprintProps {
  /**
   * Security zones.
   * @default - the four zones `dmz`, `app`, `data` and `management`
   */
  readonly zones?: ZoneProps[];

  /**
   * Which zone may call which. Calls inside one zone are always allowed.
   * @default - derived from the zone roles: DMZ to APP, APP to DATA
   */
  readonly zoneRules?: ZoneRuleProps[];

  /** The platform's services. */
  readonly services: ServiceProps[];

  /**
   * Networks administrators come from (the admin VPN), callable into management zones by name
   * (`allowFrom: [{ adminNetwork: <name> }]`).
   * @default - none
   */
  readonly adminNetworks?: AdminNetworkProps[];

  /**
   * Realm roles and their hierarchy, shared by the Keycloak realm and the mesh authorization.
   * @default - `admin` includes `operator`, which includes `viewer`
   */
  readonly roles?: RoleProps[];

  /**
   * The Linkerd control plane.
   * @default - namespace `linkerd`, webhooks reachable from any address
   */
  readonly linkerd?: LinkerdProps;

  /**
   * Cluster DNS.
   * @default - kube-dns in kube-system
   */
  readonly dns?: DnsProps;

  /**
   * Linkerd authorization policy: roll-out mode, access logs, kubelet networks, HTTPRoute flavour.
   * @default - `deny` everywhere, JSON access logs, kubelet from any address, Linkerd's HTTPRoute
   */
  readonly mesh?: MeshProps;

  /**
   * Certificates: Linkerd's mesh identity (cert-manager and trust-manager) and the internal service CA.
   * @default - no certificates are emitted
   */
  readonly pki?: PkiProps;

  /**
   * Keycloak: the server (a Keycloak Operator `Keycloak`) and the realm every user and service authenticates in.
   * @default - no Keycloak objects are emitted
   */
  readonly keycloak?: KeycloakProps;

  /**
   * Alerts (Prometheus Operator `PrometheusRule`s) on denials, failed logins and certificates.
   * @default - on when a service is the metrics scraper, with the thresholds in docs/audit.md
   */
  readonly alerting?: AlertingProps;

  /**
   * The edge: the DMZ gateway service as an Envoy Gateway that validates end users' tokens per route (requires `keycloak`).
   * @default - no edge objects are emitted
   */
  readonly edge?: EdgeProps;
}
