import { MeshPolicyMode } from './mesh';

/**
 * The part a zone plays in the reference architecture. The role decides the default zone rules:
 * only `DMZ` zones take traffic from the internet, `DMZ` may call `APP`, `APP` may call `DATA`,
 * `MANAGEMENT` scrapes metrics everywhere, and `DATA` has no egress out of the cluster.
 */
export enum ZoneRole {
  /** Internet-facing edge: ingress controllers, API gateways, static assets. */
  DMZ = 'dmz',
  /** Business applications and identity (Keycloak). */
  APP = 'app',
  /** Databases, caches and object storage. Never reachable from the DMZ or the internet. */
  DATA = 'data',
  /** Observability and operations tooling (Prometheus, Grafana, Loki). */
  MANAGEMENT = 'management',
}

/** A security zone. Each zone is one Kubernetes namespace with default-deny NetworkPolicies. */
export interface ZoneProps {
  /**
   * Zone name, a DNS-1123 label. Services refer to their zone by this name.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly name: string;

  /**
   * The zone's role in the reference architecture.
   * @default - the role whose value equals `name` (`dmz`, `app`, `data`, `management`); required otherwise
   */
  readonly role?: ZoneRole;

  /**
   * Namespace that holds the zone.
   * @default - the zone name
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly namespace?: string;

  /**
   * Whether the zone's workloads run in the Linkerd mesh (`linkerd.io/inject: enabled`).
   * @default true
   */
  readonly meshed?: boolean;

  /**
   * Roll-out mode of the zone's Linkerd policy, overriding the blueprint's `mesh.mode`, so a team can
   * enforce zone by zone. Pods pick up a changed mode only when they restart.
   * @default - the blueprint's `mesh.mode`
   */
  readonly meshMode?: MeshPolicyMode;

  /**
   * Extra labels for the zone's namespace.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Services in zone `from` may call services in zone `to` (calls inside one zone are always allowed). */
export interface ZoneRuleProps {
  /**
   * Calling zone.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly from: string;
  /**
   * Called zone.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly to: string;
}
