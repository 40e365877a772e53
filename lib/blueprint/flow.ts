import { Protocol } from './protocol';

/**
 * One allowed caller of a service. Exactly one of `service`, `zone`, `roles` or `internet` is set.
 */
export interface FlowSourceProps {
  /**
   * Name of the calling service (same or other zone).
   * @default - not a service
   */
  readonly service?: string;

  /**
   * Name of a zone whose services may all call.
   * @default - not a zone
   */
  readonly zone?: string;

  /**
   * Realm roles: every service holding one of them, directly or by inheritance, may call. Holders of
   * `admin` hold `operator` and `viewer` too, so `roles: [viewer]` admits all three.
   * @default - not roles
   */
  readonly roles?: string[];

  /**
   * Callers from outside the cluster. Only entry points in a DMZ zone may allow the internet.
   * @default false
   */
  readonly internet?: boolean;

  /**
   * Source address ranges for `internet`.
   * @default ['0.0.0.0/0', '::/0']
   */
  readonly cidrs?: string[];

  /**
   * Names of the target's ports the caller may use.
   * @default - every port the target declares
   */
  readonly ports?: string[];

  /**
   * Why this flow may break the zone rules. Without it, a flow the zone rules forbid is an error.
   * @default - the flow must follow the zone rules
   */
  readonly zoneRuleException?: string;
}

/** A destination outside the cluster, such as an SMTP relay. */
export interface ExternalEgressProps {
  /** A DNS-1123 name for the destination, used in policy names and reports. */
  readonly name: string;

  /** Destination address ranges (CIDR notation). */
  readonly cidrs: string[];

  /** Destination port numbers. */
  readonly ports: number[];

  /**
   * Transport protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}
