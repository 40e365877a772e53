import { AppProtocol, Protocol } from '../blueprint/protocol';
import { AlertingModel } from './alerting-model';
import { ZoneRole } from '../blueprint/zone';
import { EdgeModel } from './edge-model';
import { KeycloakModel } from './keycloak-model';
import { PkiModel, ServiceTlsModel } from './pki-model';
import { ConnectivityModel } from './connectivity-model';
import { MeshModel, ProbesModel } from './mesh-model';

/**
 * The normalized, validated blueprint. Every emitter reads this model and nothing else: defaults are
 * applied, references are resolved to objects and lists are in a stable order.
 */
export interface BlueprintModel {
  readonly zones: readonly ZoneModel[];
  readonly services: readonly ServiceModel[];
  /**
   * The declared flows (`allowFrom`), in blueprint order, as realized: the edge service's calls to the
   * APIs it exposes are its proxy's (`workload` flows), followed by the proxy's JWKS fetch from Keycloak.
   */
  readonly flows: readonly FlowModel[];
  /** Who calls whom, indexed once: declared and metrics flows by target, by caller and by port. */
  readonly connectivity: ConnectivityModel;
  readonly adminNetworks: readonly AdminNetworkModel[];
  readonly roles: readonly RoleModel[];
  readonly linkerd: LinkerdModel;
  readonly dns: DnsModel;
  /** Certificates; undefined when the blueprint has no `pki`. */
  readonly pki?: PkiModel;
  readonly mesh: MeshModel;
  /** Keycloak server and realm; undefined when the blueprint has no `keycloak`. */
  readonly keycloak?: KeycloakModel;
  /** PrometheusRules; undefined when alerting is off (no metrics scraper, or `alerting.enabled: false`). */
  readonly alerting?: AlertingModel;
  /** The Envoy Gateway edge; undefined when the blueprint has no `edge`. */
  readonly edge?: EdgeModel;
}

export interface ZoneModel {
  readonly name: string;
  readonly role: ZoneRole;
  readonly namespace: string;
  readonly meshed: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export interface RoleModel {
  readonly name: string;
  readonly description?: string;
  /** Roles this role includes directly (Keycloak composites). */
  readonly includes: readonly string[];
  /** This role and every role it includes, transitively; sorted. */
  readonly effective: readonly string[];
  /**
   * The hierarchy has a cycle (reported once): nothing is derived from it, so checks that depend on
   * the role are skipped instead of reporting follow-on errors.
   */
  readonly broken: boolean;
}

export interface PortModel {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: Protocol;
  readonly appProtocol: AppProtocol;
  readonly metrics: boolean;
}

export interface ExternalEgressModel {
  readonly name: string;
  readonly cidrs: readonly string[];
  readonly ports: readonly number[];
  readonly protocol: Protocol;
}

export interface ServiceModel {
  readonly name: string;
  /** JSON path of the service in the blueprint (`services[3]`), for messages. */
  readonly path: string;
  readonly zone: ZoneModel;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceAccountName: string;
  readonly createServiceAccount: boolean;
  readonly ports: readonly PortModel[];
  readonly meshed: boolean;
  readonly metricsScraper: boolean;
  readonly expose: boolean;
  readonly egress: readonly ExternalEgressModel[];
  /** Realm roles the service's client holds directly, as declared. */
  readonly roles: readonly string[];
  /** The declared roles with inheritance expanded; sorted. */
  readonly effectiveRoles: readonly string[];
  /** The service's certificate from the internal service CA (its Secret is `tls.secretName`). */
  readonly tls?: ServiceTlsModel;
  /** Paths of the service's HTTP probes, when it declares any. */
  readonly probes?: ProbesModel;
}

/** Who a flow comes from. */
export enum FlowSourceKind {
  SERVICE = 'service',
  ZONE = 'zone',
  INTERNET = 'internet',
  /** Every service holding one of the roles (directly or by inheritance). */
  ROLES = 'roles',
  /** A declared admin network (the admin VPN), by address. */
  ADMIN_NETWORK = 'adminNetwork',
  /** A workload outside the blueprint, by namespace and ServiceAccount. */
  WORKLOAD = 'workload',
}

/** The source of a flow, one shape per kind, so readers never need to guess which field is set. */
export type FlowSource =
  | { readonly kind: FlowSourceKind.SERVICE; readonly service: ServiceModel }
  /** Every service of the zone but `except`; the NetworkPolicy peer is the whole namespace when `except` is empty. */
  | { readonly kind: FlowSourceKind.ZONE; readonly zone: ZoneModel; readonly except: readonly ServiceModel[] }
  /** Sorted role names; `except`: holders that do not make this call (an edge service whose calls its proxy makes). */
  | { readonly kind: FlowSourceKind.ROLES; readonly roles: readonly string[]; readonly except: readonly ServiceModel[] }
  | { readonly kind: FlowSourceKind.INTERNET; readonly cidrs: readonly string[] }
  | { readonly kind: FlowSourceKind.ADMIN_NETWORK; readonly network: AdminNetworkModel }
  | { readonly kind: FlowSourceKind.WORKLOAD; readonly workload: WorkloadCallerModel };

/** Why a flow exists: declared in `allowFrom`, or the metrics scraper reading a `metrics` port. */
export enum FlowPurpose {
  DECLARED = 'declared',
  METRICS = 'metrics',
}

export interface FlowModel {
  readonly source: FlowSource;
  readonly purpose: FlowPurpose;
  readonly target: ServiceModel;
  readonly ports: readonly PortModel[];
  /** The blueprint services that make this call: one for SERVICE flows, every service of the zone (but the
   * exceptions) for ZONE flows, every holder of the roles for ROLES flows (the target itself excluded);
   * none for callers outside the blueprint. A zone or role flow (group-flow.ts) computes the list on first
   * use: read its caller group (ConnectivityModel.callerGroupOf) where the callers are alike. */
  readonly callers: readonly ServiceModel[];
  readonly zoneRuleException?: string;
  /** JSON path of the flow in the blueprint, for messages. */
  readonly path: string;
}

/** A named network administrators come from. */
export interface AdminNetworkModel {
  readonly name: string;
  readonly cidrs: readonly string[];
}

/** A caller outside the blueprint, known by its workload identity. */
export interface WorkloadCallerModel {
  /** `<namespace>-<serviceAccount>`: names its objects and messages. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** Empty: every pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly meshed: boolean;
  readonly cidrs: readonly string[];
}

export interface LinkerdModel {
  readonly namespace: string;
  readonly apiServerCidrs: readonly string[];
  readonly additionalMeshedNamespaces: readonly string[];
}

export interface DnsModel {
  readonly namespace: string;
  readonly podSelector: Readonly<Record<string, string>>;
}

/** Ports of the Linkerd proxy and control plane that the policies refer to. */
export const LINKERD_PORTS = {
  /** The proxy's inbound port: meshed traffic is retargeted here. */
  proxyInbound: 4143,
  /** The proxy's admin port: metrics, liveness, readiness. */
  proxyAdmin: 4191,
  /** The proxy's outbound port (in-pod only; never a destination). */
  proxyOutbound: 4140,
  identity: 8080,
  destination: 8086,
  policy: 8090,
  /** Webhook ports the API server calls: proxy-injector and sp-validator 8443, policy-validator 9443. */
  webhooks: [8443, 9443],
} as const;
