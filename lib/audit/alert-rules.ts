import { MeshPolicyMode } from '../blueprint/mesh';
import { serviceBySuffix } from '../model/alerted-zones';
import { AlertedServersModel, AlertedZoneModel, AlertingModel, AlertRuleModel } from '../model/alerting-model';
import { ZONE_MESH_OBJECTS } from '../model/mesh-names';

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
      { name: 'linkerd-authorization-denials', rules: model.zones.filter((z) => z.mode === MeshPolicyMode.DENY).flatMap((z) => denialRules(model, z)) },
      { name: 'linkerd-audit-would-deny', rules: model.zones.filter((z) => z.mode === MeshPolicyMode.AUDIT).flatMap((z) => auditRules(model, z)) },
    ] },
    { name: 'zero-trust-identity', groups: [{ name: 'keycloak-logins', rules: keycloakRules(model) }] },
    { name: 'zero-trust-certificates', groups: [{ name: 'cert-manager-certificates', rules: certificateRules(model) }] },
  ];
  return files
    .map((f) => ({ ...f, groups: f.groups.filter((g) => g.rules.length > 0) }))
    .filter((f) => f.groups.length > 0);
}

/** The alerted service, which the rules derive from the Server's name (see `withService`). */
const SERVICE = '{{ $labels.service }}';

// One rule per zone and kind of Server, not per service: a rule's size grows with the zone's port names,
// and the alert's labels (`service`, `srv_name`, `client_id`) say which service and caller it is about.
function denialRules(model: AlertingModel, z: AlertedZoneModel): AlertRule[] {
  const r = model.meshDenials;
  if (!r) return [];
  const out: AlertRule[] = [];
  const { name: zone, namespace } = z.zone;
  if (z.http) {
    out.push(rule(model, r, 'LinkerdHttpAuthorizationDenied', serverCount(LINKERD_METRICS.httpDeny, namespace, z.http, {}, r, ['namespace', 'srv_name', 'route_name', 'client_id']),
      { zone },
      `Linkerd denied {{ $value | humanize }} requests to ${SERVICE} (Server {{ $labels.srv_name }}, route {{ $labels.route_name }}) from ${CALLER} in ${r.window}`,
      `Open the access log of ${SERVICE}'s linkerd-proxy in namespace ${namespace} for the denied requests: a caller the blueprint does not list is probing, or a legitimate caller is missing from allowFrom or routes.`));
  }
  if (z.tcp) {
    out.push(rule(model, r, 'LinkerdTcpAuthorizationDenied', serverCount(LINKERD_METRICS.tcpDeny, namespace, z.tcp, {}, r, ['namespace', 'srv_name', 'client_id']),
      { zone },
      `Linkerd refused {{ $value | humanize }} connections to ${SERVICE} (Server {{ $labels.srv_name }}) from ${CALLER} in ${r.window}`,
      `Find the connecting pod by its identity or address in ${SERVICE}'s linkerd-proxy log (namespace ${namespace}); a caller the blueprint does not list must not reach this port.`));
  }
  return out;
}

function auditRules(model: AlertingModel, z: AlertedZoneModel): AlertRule[] {
  const r = model.auditWouldDeny;
  if (!r) return [];
  const { name: zone, namespace } = z.zone;
  const out: AlertRule[] = [];
  // `protocol` tells the zone's two rules apart (promtool refuses rules with the same name and labels).
  const add = (metric: string, servers: AlertedServersModel, protocol: 'http' | 'tcp', what: string) => out.push(rule(model, r, 'LinkerdAuditWouldDeny',
    serverCount(metric, namespace, servers, { authz_name: LINKERD_AUDIT_AUTHZ }, r, ['namespace', 'srv_name', 'client_id']),
    { zone, protocol },
    `Zone ${zone} is not ready for deny: ${SERVICE} (Server {{ $labels.srv_name }}) let through {{ $value | humanize }} ${what} from ${CALLER} that no policy admits`,
    `Before switching zone ${zone} to meshMode deny, declare this caller in ${SERVICE}'s allowFrom (or find out why it calls); the would-be denials are in the linkerd-proxy access log in namespace ${namespace}.`));
  if (z.http) add(LINKERD_METRICS.httpAllow, z.http, 'http', 'requests');
  if (z.tcp) add(LINKERD_METRICS.tcpAllow, z.tcp, 'tcp', 'connections');
  return out;
}

/**
 * `label_replace(sum by (...) (increase(metric{namespace, srv_name=~<the zone's Servers>}[window])), service) > threshold`:
 * the Servers are selected by their port-name suffix, and each series gets the `service` label of its Server.
 */
function serverCount(metric: string, namespace: string, servers: AlertedServersModel, extra: Record<string, string>, r: AlertRuleModel, by: string[]): string {
  const suffix = `-(?:${servers.portNames.join('|')})`;
  const selector: Matcher[] = [['namespace', '=', namespace], ['srv_name', '=~', `.+${suffix}`]];
  // The zone's own Server on the proxy's admin port is not a service's (the model keeps the names apart).
  if (serviceBySuffix(ZONE_MESH_OBJECTS.proxyAdmin, servers.portNames) !== undefined) {
    selector.push(['srv_name', '!=', ZONE_MESH_OBJECTS.proxyAdmin]);
  }
  selector.push(...Object.entries(extra).map(([k, v]): Matcher => [k, '=', v]));
  const sum = `sum by (${by.join(', ')}) (increase(${metric}${matcherText(selector)}[${r.window}]))`;
  return `${withService(sum, suffix, servers.serviceOverrides)} > ${r.threshold}`;
}

/** Adds `service`: the Server's name without its longest port-name suffix (a lazy prefix), then the listed exceptions. */
function withService(expr: string, suffix: string, overrides: AlertedServersModel['serviceOverrides']): string {
  let out = `label_replace(${expr}, "service", "$1", "srv_name", "(.+?)${suffix}")`;
  for (const o of overrides) {
    out = `label_replace(${out}, "service", "${o.service}", "srv_name", "${o.server}")`;
  }
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

/** PromQL label matchers; a value with `|` is a regex alternative of literal names. */
function matchers(selector: Record<string, string>): string {
  return matcherText(Object.entries(selector).map(([k, v]): Matcher => [k, v.includes('|') ? '=~' : '=', v]));
}

type Matcher = [label: string, op: '=' | '!=' | '=~', value: string];

function matcherText(selector: readonly Matcher[]): string {
  return `{${selector.map(([k, op, v]) => `${k}${op}"${v}"`).join(', ')}}`;
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
