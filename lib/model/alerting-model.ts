import { AlertSeverity } from '../blueprint/alerting';
import { MeshPolicyMode } from '../blueprint/mesh';
import { ZoneModel } from './model';

/** One alert's condition: more than `threshold` events in `window`, held for `pendingFor`. */
export interface AlertRuleModel {
  readonly threshold: number;
  readonly window: string;
  readonly pendingFor: string;
  readonly severity: AlertSeverity;
}

/**
 * The Linkerd Servers of one kind (HTTP or TCP) in a zone, as the alerts select them: by the port-name
 * suffix of their names (a port's Server is `<service>-<port>`, mesh-names.ts), so a rule's size grows
 * with the zone's distinct port names, not with its services.
 */
export interface AlertedServersModel {
  /** Port names of these Servers, sorted. */
  readonly portNames: readonly string[];
  /**
   * Servers whose service the longest matching port-name suffix names wrongly (service `a-http` with port
   * `metrics` next to a port `http-metrics`), with their service; sorted by Server name.
   */
  readonly serviceOverrides: readonly { readonly server: string; readonly service: string }[];
}

/** A zone whose meshed services' Servers are watched for denials (or would-be denials in audit mode). */
export interface AlertedZoneModel {
  readonly zone: ZoneModel;
  readonly mode: MeshPolicyMode;
  /** Servers that Linkerd treats as HTTP (denials count per request); undefined when the zone has none. */
  readonly http?: AlertedServersModel;
  /** Servers of opaque or plain TCP ports (denials count per connection); undefined when the zone has none. */
  readonly tcp?: AlertedServersModel;
}

/** A cert-manager Certificate the blueprint emits. */
export interface AlertedCertificateModel {
  readonly namespace: string;
  readonly name: string;
}

/** The realm whose Keycloak event metrics are watched. */
export interface AlertedRealmModel {
  readonly realm: string;
  readonly namespace: string;
  /** The Keycloak service (its pods expose the metrics). */
  readonly service: string;
}

/** Alerting, normalized; a rule is undefined when the blueprint turns it off. */
export interface AlertingModel {
  readonly namespace: string;
  readonly ruleLabels: Readonly<Record<string, string>>;
  readonly runbookBaseUrl?: string;
  readonly meshDenials?: AlertRuleModel;
  readonly auditWouldDeny?: AlertRuleModel;
  readonly failedLogins?: AlertRuleModel;
  readonly lockedOutLogins?: AlertRuleModel;
  readonly certificateNotReady?: AlertRuleModel;
  readonly certificateRenewalOverdue?: AlertRuleModel;
  /** Zones with at least one meshed service's Server, in zone order. */
  readonly zones: readonly AlertedZoneModel[];
  readonly realm?: AlertedRealmModel;
  /** Sorted by namespace, then name. */
  readonly certificates: readonly AlertedCertificateModel[];
}
