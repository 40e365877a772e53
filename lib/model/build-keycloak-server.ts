import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { KeycloakApiVersion, OperatorNetworkPolicy } from '../blueprint/keycloak';
import { IssueCollector } from './errors';

/** How the Keycloak CR is written for the operator that reads it (Keycloak Operator 26.8 by default). */
export interface KeycloakOperatorModel {
  readonly apiVersion: KeycloakApiVersion;
  readonly operatorNetworkPolicy: OperatorNetworkPolicy;
  /** `serviceMonitor.enabled`: only when the metrics scraper is a Prometheus Operator's Prometheus. */
  readonly serviceMonitor: boolean;
}

/** The operator-facing settings of `keycloak`, read from the blueprint text. */
export function buildKeycloakOperator(props: ZeroTrustBlueprintProps): KeycloakOperatorModel {
  return {
    apiVersion: props.keycloak?.apiVersion ?? KeycloakApiVersion.V2BETA1,
    operatorNetworkPolicy: props.keycloak?.operatorNetworkPolicy ?? OperatorNetworkPolicy.EXACT,
    serviceMonitor: (props.services ?? []).some((s) => s?.metricsScraper === true && s.prometheusOperator === true),
  };
}

/** `prometheusOperator` describes the metrics scraper: on any other service it is a mistake. */
export function checkPrometheusOperator(props: ZeroTrustBlueprintProps, issues: IssueCollector): void {
  (props.services ?? []).forEach((s, i) => {
    if (s?.prometheusOperator === true && s.metricsScraper !== true) {
      issues.add('ZT-KC-301', `services[${i}].prometheusOperator`, `only the metrics scraper is run by the Prometheus Operator: set \`metricsScraper: true\` on service "${s.name}", or remove prometheusOperator`);
    }
  });
}
