/** Alert severity, as Alertmanager routes on it (the `severity` label). */
export enum AlertSeverity {
  CRITICAL = 'critical',
  WARNING = 'warning',
  INFO = 'info',
}

/** When one alert fires: more than `threshold` events within `window`, for at least `pendingFor`. */
export interface AlertRuleProps {
  /**
   * Whether the alert is emitted.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Events within `window` above which the alert fires (it fires when the count is greater).
   * @default - per alert, see docs/audit.md
   * @asType integer
   * @minimum 0
   */
  readonly threshold?: number;

  /**
   * The counting window, a Prometheus duration (`5m`, `1h`).
   * @default - per alert, see docs/audit.md
   * @pattern ^([0-9]+(ms|s|m|h|d|w|y))+$
   */
  readonly window?: string;

  /**
   * How long the condition must hold before the alert fires (the rule's `for`), a Prometheus duration.
   * @default - per alert, see docs/audit.md
   * @pattern ^([0-9]+(ms|s|m|h|d|w|y))+$
   */
  readonly pendingFor?: string;

  /**
   * Severity label.
   * @default - per alert, see docs/audit.md
   */
  readonly severity?: AlertSeverity;
}

/**
 * Alerts from the blueprint, as Prometheus Operator `PrometheusRule`s: Linkerd authorization denials per
 * target and caller identity, would-be denials in zones in audit mode, Keycloak failed logins and lockouts,
 * cert-manager certificates that are not ready or not renewed in time.
 */
export interface AlertingProps {
  /**
   * Whether PrometheusRules are emitted.
   * @default - true when a service is the metrics scraper (`metricsScraper: true`)
   */
  readonly enabled?: boolean;

  /**
   * Namespace of the PrometheusRules (where Prometheus' `ruleNamespaceSelector` finds them).
   * @default - the metrics scraper's namespace
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly namespace?: string;

  /**
   * Extra labels on the PrometheusRules, for Prometheus' `ruleSelector` (for example `release: prometheus`).
   * @default - none
   */
  readonly ruleLabels?: { [key: string]: string };

  /**
   * Base URL of the runbooks: each alert gets `runbook_url: <base>#<alert name in lower case>`.
   * @default - no `runbook_url`; every alert still carries a one-line `runbook` annotation
   */
  readonly runbookBaseUrl?: string;

  /**
   * Linkerd denied requests (HTTP) or connections (TCP) to a service, per caller identity.
   * @default - more than 5 in 5m, for 1m, warning
   */
  readonly meshDenials?: AlertRuleProps;

  /**
   * Requests or connections that a zone in audit mode let through but would deny in deny mode.
   * @default - more than 0 in 15m, info
   */
  readonly auditWouldDeny?: AlertRuleProps;

  /**
   * Failed Keycloak logins (wrong password, unknown user) in the realm.
   * @default - more than 20 in 5m, warning
   */
  readonly failedLogins?: AlertRuleProps;

  /**
   * Logins refused because the account is locked by brute-force detection.
   * @default - more than 0 in 5m, warning
   */
  readonly lockedOutLogins?: AlertRuleProps;

  /**
   * A cert-manager Certificate of the blueprint is not ready.
   * @default - for 15m, critical
   */
  readonly certificateNotReady?: AlertRuleProps;

  /**
   * A cert-manager Certificate of the blueprint passed its renewal time by more than `window` and was not renewed.
   * @default - window 1h, critical
   */
  readonly certificateRenewalOverdue?: AlertRuleProps;
}
