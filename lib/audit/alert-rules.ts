import { MeshPolicyMode } from '../blueprint/mesh';
import { AlertedServiceModel, AlertingModel, AlertRuleModel } from '../model/alerting-model';

/** One Prometheus alerting rule, in the PrometheusRule's field names. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** One PrometheusRule: a name and its rule groups. */
export interface AlertRuleFile {
  readonly name: string;
  readonly groups: readonly { readonly name: string; readonly rules: readonly AlertRule[] }[];
}

/** Linkerd authorization counters (linkerd2-proxy, `linkerd/app/inbound/src/metrics/authz.rs`). */
export const LINKERD_METRICS = {
  httpDeny: 'inbound_http_authz_deny_total',
  tcpDeny: 'inbound_tcp_authz_deny_total',
  httpAllow: 'inbound_http_authz_allow_total',
  tcpAllow: 'inbound_tcp_authz_allow_total',
} as const;

/** The authorization Linkerd reports for calls a Server in audit mode lets through without a policy. */
export const LINKERD_AUDIT_AUTHZ = 'audit';

/** Keycloak's user-event counter (`event-metrics-user-enabled`) and the `error`s of failed and locked logins. */
export const KEYCLOAK_METRICS = {
  userEvents: 'keycloak_user_events_total',
  failedLoginErrors: ['invalid_user_credentials', 'user_not_found'],
  lockedOutErrors: ['user_temporarily_disabled', 'user_disabled'],
} as const;

/** cert-manager controller metrics. */
export const CERT_MANAGER_METRICS = {
  ready: 'certmanager_certificate_ready_status',
  renewal: 'certmanager_certificate_renewal_timestamp_seconds',
} as const;

const CALLER = '{{ with $labels.client_id }}{{ . }}{{ else }}a caller without mesh identity{{ end }}';

/** The rules of every PrometheusRule the blueprint asks for, in a stable order; empty groups are left out. */
export function alertRuleFiles(model: AlertingModel): AlertRuleFile[] {
  const files: AlertRuleFile[] = [
    { name: 'zero-trust-mesh-authorization', groups: [
      { name: 'linkerd-authorization-denials', rules: model.services.filter((s) => s.mode === MeshPolicyMode.DENY).flatMap((s) => denialRules(model, s)) },
      { name: 'linkerd-audit-would-deny', rules: model.services.filter((s) => s.mode === MeshPolicyMode.AUDIT).flatMap((s) => auditRules(model, s)) },
    ] },
    { name: 'zero-trust-identity', groups: [{ name: 'keycloak-logins', rules: keycloakRules(model) }] },
    { name: 'zero-trust-certificates', groups: [{ name: 'cert-manager-certificates', rules: certificateRules(model) }] },
  ];
  return files
    .map((f) => ({ ...f, groups: f.groups.filter((g) => g.rules.length > 0) }))
    .filter((f) => f.groups.length > 0);
}

function denialRules(model: AlertingModel, s: AlertedServiceModel): AlertRule[] {
  const r = model.meshDenials;
  if (!r) return [];
  const out: AlertRule[] = [];
  if (s.httpServers.length > 0) {
    out.push(rule(model, r, 'LinkerdHttpAuthorizationDenied', countBy(LINKERD_METRICS.httpDeny, serverSelector(s), r, ['namespace', 'srv_name', 'route_name', 'client_id']),
      { service: s.service.name, zone: s.service.zone.name },
      `Linkerd denied {{ $value | humanize }} requests to ${s.service.name} (Server {{ $labels.srv_name }}, route {{ $labels.route_name }}) from ${CALLER} in ${r.window}`,
      `Open the access log of ${s.service.name}'s linkerd-proxy in namespace ${s.service.namespace} for the denied requests: a caller the blueprint does not list is probing, or a legitimate caller is missing from allowFrom or routes.`));
  }
  if (s.tcpServers.length > 0) {
    out.push(rule(model, r, 'LinkerdTcpAuthorizationDenied', countBy(LINKERD_METRICS.tcpDeny, serverSelector(s, 'tcp'), r, ['namespace', 'srv_name', 'client_id']),
      { service: s.service.name, zone: s.service.zone.name },
      `Linkerd refused {{ $value | humanize }} connections to ${s.service.name} (Server {{ $labels.srv_name }}) from ${CALLER} in ${r.window}`,
      `Find the connecting pod by its identity or address in ${s.service.name}'s linkerd-proxy log (namespace ${s.service.namespace}); a caller the blueprint does not list must not reach this port.`));
  }
  return out;
}

function auditRules(model: AlertingModel, s: AlertedServiceModel): AlertRule[] {
  const r = model.auditWouldDeny;
  if (!r) return [];
  const zone = s.service.zone.name;
  const out: AlertRule[] = [];
  const add = (metric: string, protocol: 'http' | 'tcp', what: string) => out.push(rule(model, r, 'LinkerdAuditWouldDeny',
    countBy(metric, { ...serverSelector(s, protocol), authz_name: LINKERD_AUDIT_AUTHZ }, r, ['namespace', 'srv_name', 'client_id']),
    { service: s.service.name, zone },
    `Zone ${zone} is not ready for deny: ${s.service.name} (Server {{ $labels.srv_name }}) let through {{ $value | humanize }} ${what} from ${CALLER} that no policy admits`,
    `Before switching zone ${zone} to meshMode deny, declare this caller in ${s.service.name}'s allowFrom (or find out why it calls); the would-be denials are in the linkerd-proxy access log in namespace ${s.service.namespace}.`));
  if (s.httpServers.length > 0) add(LINKERD_METRICS.httpAllow, 'http', 'requests');
  if (s.tcpServers.length > 0) add(LINKERD_METRICS.tcpAllow, 'tcp', 'connections');
  return out;
}

function keycloakRules(model: AlertingModel): AlertRule[] {
  const realm = model.realm;
  if (!realm) return [];
  const out: AlertRule[] = [];
  const events = (errors: readonly string[]) => ({ realm: realm.realm, event: 'login', error: errors.join('|') });
  if (model.failedLogins) {
    const r = model.failedLogins;
    out.push(rule(model, r, 'KeycloakFailedLogins', countBy(KEYCLOAK_METRICS.userEvents, events(KEYCLOAK_METRICS.failedLoginErrors), r, ['realm', 'error']),
      { service: realm.service, realm: realm.realm },
      `{{ $value | humanize }} failed logins ({{ $labels.error }}) in Keycloak realm ${realm.realm} in ${r.window}`,
      `Look up the LOGIN_ERROR events of realm ${realm.realm} (admin console, Events, or the JSON log of ${realm.service} in namespace ${realm.namespace}) for the usernames and addresses; block the source at the gateway if it is a password-guessing run.`));
  }
  if (model.lockedOutLogins) {
    const r = model.lockedOutLogins;
    out.push(rule(model, r, 'KeycloakLockedOutLogins', countBy(KEYCLOAK_METRICS.userEvents, events(KEYCLOAK_METRICS.lockedOutErrors), r, ['realm', 'error']),
      { service: realm.service, realm: realm.realm },
      `{{ $value | humanize }} logins to locked or disabled accounts ({{ $labels.error }}) in Keycloak realm ${realm.realm} in ${r.window}`,
      `Brute-force detection locked accounts of realm ${realm.realm}: find them in the LOGIN_ERROR events, contact their owners, and unlock them (Users, Brute force) only once the attempts have stopped.`));
  }
  return out;
}

function certificateRules(model: AlertingModel): AlertRule[] {
  const out: AlertRule[] = [];
  for (const cert of model.certificates) {
    const selector = { namespace: cert.namespace, name: cert.name };
    const labels = { certificate: cert.name, certificate_namespace: cert.namespace };
    if (model.certificateNotReady) {
      const r = model.certificateNotReady;
      const ready = `${CERT_MANAGER_METRICS.ready}${matchers({ ...selector, condition: 'True' })}`;
      out.push(rule(model, r, 'CertificateNotReady', `(${ready} != 1) or absent(${ready})`, labels,
        `cert-manager Certificate ${cert.namespace}/${cert.name} is not ready`,
        `kubectl -n ${cert.namespace} describe certificate ${cert.name}: read the Ready condition and the CertificateRequest's events (issuer unreachable, CA secret missing, policy refused).`));
    }
    if (model.certificateRenewalOverdue) {
      const r = model.certificateRenewalOverdue;
      out.push(rule(model, r, 'CertificateRenewalOverdue', `time() - ${CERT_MANAGER_METRICS.renewal}${matchers(selector)} > ${durationSeconds(r.window)}`, labels,
        `cert-manager Certificate ${cert.namespace}/${cert.name} should have been renewed {{ $value | humanizeDuration }} ago and was not`,
        `The certificate will expire without renewal: kubectl -n ${cert.namespace} describe certificate ${cert.name}, fix the issuer, then cmctl renew -n ${cert.namespace} ${cert.name}.`));
    }
  }
  return out;
}

function rule(model: AlertingModel, r: AlertRuleModel, alert: string, expr: string, labels: Record<string, string>, summary: string, runbook: string): AlertRule {
  return {
    alert,
    expr,
    ...(r.pendingFor !== '0s' ? { for: r.pendingFor } : {}),
    labels: { severity: r.severity, ...labels },
    annotations: {
      summary,
      runbook,
      ...(model.runbookBaseUrl ? { runbook_url: `${model.runbookBaseUrl}#${alert.toLowerCase()}` } : {}),
    },
  };
}

/** `sum by (...) (increase(metric{...}[window])) > threshold`. */
function countBy(metric: string, selector: Record<string, string>, r: AlertRuleModel, by: string[]): string {
  return `sum by (${by.join(', ')}) (increase(${metric}${matchers(selector)}[${r.window}])) > ${r.threshold}`;
}

function serverSelector(s: AlertedServiceModel, protocol: 'http' | 'tcp' = 'http'): Record<string, string> {
  const servers = protocol === 'http' ? s.httpServers : s.tcpServers;
  return { namespace: s.service.namespace, srv_name: servers.join('|') };
}

/** PromQL label matchers; a value with `|` is a regex alternative of literal names. */
function matchers(selector: Record<string, string>): string {
  return `{${Object.entries(selector).map(([k, v]) => v.includes('|') ? `${k}=~"${v}"` : `${k}="${v}"`).join(', ')}}`;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** Seconds of a Prometheus duration (`1h30m` = 5400). */
export function durationSeconds(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(n) * UNIT_SECONDS[unit];
  }
  return total;
}
