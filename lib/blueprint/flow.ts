import { Protocol } from './protocol';

/**
 * One allowed caller of a service. Exactly one of `service`, `zone`, `roles`, `internet`, `adminNetwork`
 * or `workload` is set.
 */
export interface FlowSourceProps {
  /**
   * Name of the calling service (same or other zone).
   * @default - not a service
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly service?: string;

  /**
   * Name of a zone whose services may all call.
   * @default - not a zone
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly zone?: string;

  /**
   * Realm roles: every service holding one of them, directly or by inheritance, may call. Holders of
   * `admin` hold `operator` and `viewer` too, so `roles: [viewer]` admits all three.
   * @default - not roles
   * @pattern ^[a-z][a-z0-9_-]{0,62}$
   */
  readonly roles?: string[];

  /**
   * Callers from outside the cluster. Only entry points in a DMZ zone may allow the internet.
   * @default false
   */
  readonly internet?: boolean;

  /**
   * Name of a declared admin network (`adminNetworks`), such as the admin VPN. Only services in a
   * `management` zone may allow an admin network.
   * @default - not an admin network
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly adminNetwork?: string;

  /**
   * A workload outside the blueprint (an ingress controller, linkerd-viz's Prometheus, a CI runner),
   * named by its namespace and ServiceAccount.
   * @default - not an outside workload
   */
  readonly workload?: WorkloadCallerProps;

  /**
   * Services of `zone` that are not callers. Only with `zone`.
   * @default - every service of the zone calls
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly except?: string[];

  /**
   * Source address ranges for `internet`.
   * @default ['0.0.0.0/0', '::/0']
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly cidrs?: string[];

  /**
   * Names of the target's ports the caller may use.
   * @default - every port the target declares
   * @pattern ^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$
   * @maxLength 15
   */
  readonly ports?: string[];

  /**
   * Why this flow may break the zone rules. Without it, a flow the zone rules forbid is an error.
   * @default - the flow must follow the zone rules
   */
  readonly zoneRuleException?: string;
}

/** A caller outside the blueprint, by workload identity: its namespace, ServiceAccount and pod labels. */
export interface WorkloadCallerProps {
  /**
   * Namespace the workload runs in (not a zone namespace).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly namespace: string;

  /**
   * The workload's ServiceAccount: its mTLS identity when meshed.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   * @maxLength 253
   */
  readonly serviceAccount: string;

  /**
   * Labels of the workload's pods, for the NetworkPolicy peer.
   * @default - every pod of the namespace
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Whether the workload runs a Linkerd proxy. A meshed workload is admitted by its identity; an
   * unmeshed one into a meshed service only by its `cidrs`.
   * @default true
   */
  readonly meshed?: boolean;

  /**
   * Pod address ranges of an unmeshed workload, for a Linkerd `NetworkAuthentication` (required when it
   * calls a meshed service).
   * @default - none
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly cidrs?: string[];
}

/** A named network of administrators (the admin VPN), allowed into management zones only. */
export interface AdminNetworkProps {
  /**
   * A DNS-1123 label, used in policy names and in `allowFrom[].adminNetwork`.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly name: string;

  /**
   * Source address ranges (CIDR notation).
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly cidrs: string[];
}

/** A destination outside the cluster, such as an SMTP relay. */
export interface ExternalEgressProps {
  /**
   * A DNS-1123 name for the destination, used in policy names and reports.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly name: string;

  /**
   * Destination address ranges (CIDR notation).
   * @pattern ^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))/(0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8]))$
   */
  readonly cidrs: string[];

  /**
   * Destination port numbers.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly ports: number[];

  /**
   * Transport protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}
