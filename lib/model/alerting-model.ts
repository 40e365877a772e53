import { AlertSeverity } from '../blueprint/alerting';
import { MeshPolicyMode } from '../blueprint/mesh';
import { ServiceModel } from './model';

/** One alert's condition: more than `threshold` events in `window`, held for `pendingFor`. */
export interface AlertRuleModel {
  readonly threshold: number;
  readonly window: string;
  readonly pendingFor: string;
  readonly severity: AlertSeverity;
}

/** A meshed service whose Linkerd Servers are watched for denials. */
export interface AlertedServiceModel {
  readonly service: ServiceModel;
  readonly mode: MeshPolicyMode;
  /** Servers that Linkerd treats as HTTP (denials count per request), sorted. */
  readonly httpServers: readonly string[];
  /** Servers of opaque or plain TCP ports (denials count per connection), sorted. */
  readonly tcpServers: readonly string[];
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
  /** Meshed services with at least one Server, in blueprint order. */
  readonly services: readonly AlertedServiceModel[];
  readonly realm?: AlertedRealmModel;
  /** Sorted by namespace, then name. */
  readonly certificates: readonly AlertedCertificateModel[];
}
