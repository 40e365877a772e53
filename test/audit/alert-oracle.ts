// What alerts a blueprint must produce, and the synthetic Prometheus series that must (and must not) fire
// them, written from the blueprint's own text (zones, services, ports, realm) and the Certificates in
// the output, not from the library's model.
import { ZeroTrustBlueprintProps } from '../../lib';

const HTTP = new Set(['http', 'http2', 'grpc']);
const DEFAULT_ZONES = ['dmz', 'app', 'data', 'management'];
const INTRUDER = 'intruder.elsewhere.serviceaccount.identity.linkerd.cluster.local';

interface Target { service: string; zone: string; namespace: string; mode: string; http: string[]; tcp: string[] }
interface Series { series: string; values: string }
interface ExpAlert { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }
export interface PromtoolTest {
  name: string;
  interval: string;
  input_series: Series[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpAlert[] }[];
}

/** Meshed services with ports, as the blueprint text declares them. */
export function targets(props: ZeroTrustBlueprintProps): Target[] {
  const zones = props.zones ?? DEFAULT_ZONES.map((name) => ({ name }));
  return props.services.filter((s) => (s.ports ?? []).length > 0).flatMap((s) => {
    const zone: any = zones.find((z) => z.name === s.zone)!;
    if (!(s.meshed ?? zone.meshed ?? true)) return [];
    const servers = (pred: (p: any) => boolean) => (s.ports ?? []).filter(pred).map((p) => `${s.name}-${p.name}`).sort();
    return [{
      service: s.name, zone: zone.name, namespace: zone.namespace ?? zone.name, mode: zone.meshMode ?? props.mesh?.mode ?? 'deny',
      http: servers((p) => HTTP.has(p.appProtocol ?? 'http')), tcp: servers((p) => !HTTP.has(p.appProtocol ?? 'http')),
    }];
  });
}

const labelText = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
const caller = (id?: string) => id ?? 'a caller without mesh identity';
/** The two callers of every attack: a foreign mesh identity and a client without one. */
const CALLERS: (string | undefined)[] = [INTRUDER, undefined];
const withCaller = (labels: Record<string, string>, id?: string) => (id ? { ...labels, client_id: id } : labels);

/**
 * Two promtool test cases: `attack` (every alert fires, once per target and caller) and `normal traffic`
 * (allowed calls, successful logins, a few failures under the thresholds, healthy certificates: silence).
 * Counters rise by a fixed step per minute; alerts are evaluated after 2 hours.
 */
export function promtoolTests(props: ZeroTrustBlueprintProps, certificates: { namespace: string; name: string }[], runbooks: Map<string, string>): PromtoolTest[] {
  const attack: Series[] = [];
  const normal: Series[] = [];
  const expected = new Map<string, ExpAlert[]>();
  // A zone's rule names the service in its runbook through the alert's `service` label.
  const expect = (alertname: string, labels: Record<string, string>, summary: string, key: string) => {
    const runbook = runbooks.get(key)?.replaceAll('{{ $labels.service }}', labels.service ?? '');
    if (runbook === undefined) throw new Error(`no rule for ${key}`);
    (expected.get(alertname) ?? expected.set(alertname, []).get(alertname)!).push({ exp_labels: labels, exp_annotations: { summary, runbook } });
  };
  const counter = (step: number) => `0+${step}x130`;

  for (const t of targets(props)) {
    const site = { service: t.service, zone: t.zone };
    for (const srv of t.http) {
      for (const id of CALLERS) {
        const series = withCaller({ namespace: t.namespace, srv_name: srv, route_name: 'default' }, id);
        if (t.mode === 'deny') {
          attack.push({ series: `inbound_http_authz_deny_total${labelText(series)}`, values: counter(10) });
          expect('LinkerdHttpAuthorizationDenied', { severity: 'warning', ...site, ...series },
            `Linkerd denied 50 requests to ${t.service} (Server ${srv}, route default) from ${caller(id)} in 5m`, `LinkerdHttpAuthorizationDenied/${t.zone}`);
          normal.push({ series: `inbound_http_authz_deny_total${labelText(series)}`, values: counter(1) });
        } else {
          const audit = { ...series, authz_kind: 'default', authz_name: 'audit' };
          attack.push({ series: `inbound_http_authz_allow_total${labelText(audit)}`, values: counter(10) });
          // Would-be denials count per Server: the route is not part of the alert.
          const { route_name: _route, ...server } = series;
          expect('LinkerdAuditWouldDeny', { severity: 'info', ...site, protocol: 'http', ...server },
            `Zone ${t.zone} is not ready for deny: ${t.service} (Server ${srv}) let through 150 requests from ${caller(id)} that no policy admits`, `LinkerdAuditWouldDeny/${t.zone}/http`);
          normal.push({ series: `inbound_http_authz_allow_total${labelText({ ...audit, authz_name: 'audit' })}`, values: '0x130' });
        }
        // Allowed traffic by the declared policy never alerts.
        normal.push({ series: `inbound_http_authz_allow_total${labelText({ ...series, authz_kind: 'authorizationpolicy', authz_name: srv })}`, values: counter(100) });
      }
    }
    for (const srv of t.tcp) {
      for (const id of CALLERS) {
        const series = withCaller({ namespace: t.namespace, srv_name: srv }, id);
        if (t.mode === 'deny') {
          attack.push({ series: `inbound_tcp_authz_deny_total${labelText(series)}`, values: counter(10) });
          expect('LinkerdTcpAuthorizationDenied', { severity: 'warning', ...site, ...series },
            `Linkerd refused 50 connections to ${t.service} (Server ${srv}) from ${caller(id)} in 5m`, `LinkerdTcpAuthorizationDenied/${t.zone}`);
          normal.push({ series: `inbound_tcp_authz_deny_total${labelText(series)}`, values: counter(1) });
        } else {
          const audit = { ...series, authz_kind: 'default', authz_name: 'audit' };
          attack.push({ series: `inbound_tcp_authz_allow_total${labelText(audit)}`, values: counter(10) });
          expect('LinkerdAuditWouldDeny', { severity: 'info', ...site, protocol: 'tcp', ...series },
            `Zone ${t.zone} is not ready for deny: ${t.service} (Server ${srv}) let through 150 connections from ${caller(id)} that no policy admits`, `LinkerdAuditWouldDeny/${t.zone}/tcp`);
          normal.push({ series: `inbound_tcp_authz_allow_total${labelText(audit)}`, values: '0x130' });
        }
        normal.push({ series: `inbound_tcp_authz_allow_total${labelText({ ...series, authz_kind: 'authorizationpolicy', authz_name: srv })}`, values: counter(100) });
      }
    }
  }

  // The zone's Server on the proxies' admin port is not a service's: its denials (an unauthorized scrape) are no alert.
  for (const namespace of new Set(targets(props).map((t) => t.namespace))) {
    normal.push({ series: `inbound_http_authz_deny_total${labelText({ namespace, srv_name: 'proxy-admin', route_name: 'default' })}`, values: counter(10) });
    normal.push({ series: `inbound_http_authz_allow_total${labelText({ namespace, srv_name: 'proxy-admin', route_name: 'default', authz_kind: 'default', authz_name: 'audit' })}`, values: counter(10) });
  }

  if (props.keycloak) {
    const realm = props.keycloak.realm ?? 'platform';
    const service = props.keycloak.service ?? 'keycloak';
    const ev = (error: string) => `keycloak_user_events_total${labelText({ realm, event: 'login', error })}`;
    for (const error of ['invalid_user_credentials', 'user_not_found']) {
      attack.push({ series: ev(error), values: counter(5) });
      normal.push({ series: ev(error), values: counter(3) });
      expect('KeycloakFailedLogins', { severity: 'warning', service, realm, error }, `25 failed logins (${error}) in Keycloak realm ${realm} in 5m`, 'KeycloakFailedLogins');
    }
    for (const error of ['user_temporarily_disabled', 'user_disabled']) {
      attack.push({ series: ev(error), values: counter(1) });
      normal.push({ series: ev(error), values: '0x130' });
      expect('KeycloakLockedOutLogins', { severity: 'warning', service, realm, error }, `5 logins to locked or disabled accounts (${error}) in Keycloak realm ${realm} in 5m`, 'KeycloakLockedOutLogins');
    }
    normal.push({ series: ev(''), values: counter(100) });
    // Another realm's failures are not this realm's alert.
    normal.push({ series: `keycloak_user_events_total${labelText({ realm: 'master', event: 'login', error: 'invalid_user_credentials' })}`, values: counter(50) });
  }

  for (const c of certificates) {
    const key = { namespace: c.namespace, name: c.name };
    const labels = { severity: 'critical', certificate: c.name, certificate_namespace: c.namespace };
    attack.push({ series: `certmanager_certificate_ready_status${labelText({ ...key, condition: 'True' })}`, values: '0x130' });
    attack.push({ series: `certmanager_certificate_renewal_timestamp_seconds${labelText(key)}`, values: '0x130' });
    expect('CertificateNotReady', { ...labels, ...key, condition: 'True' }, `cert-manager Certificate ${c.namespace}/${c.name} is not ready`, `CertificateNotReady/${c.namespace}/${c.name}`);
    expect('CertificateRenewalOverdue', { ...labels, ...key }, `cert-manager Certificate ${c.namespace}/${c.name} should have been renewed 2h 0m 0s ago and was not`, `CertificateRenewalOverdue/${c.namespace}/${c.name}`);
    normal.push({ series: `certmanager_certificate_ready_status${labelText({ ...key, condition: 'True' })}`, values: '1x130' });
    normal.push({ series: `certmanager_certificate_renewal_timestamp_seconds${labelText(key)}`, values: '100000x130' });
  }

  const alertnames = [...expected.keys()].sort();
  return [
    { name: 'attack', interval: '1m', input_series: attack, alert_rule_test: alertnames.map((alertname) => ({ eval_time: '2h', alertname, exp_alerts: expected.get(alertname)! })) },
    { name: 'normal traffic', interval: '1m', input_series: normal, alert_rule_test: alertnames.map((alertname) => ({ eval_time: '2h', alertname, exp_alerts: [] })) },
  ];
}
