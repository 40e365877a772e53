import { AlertingProps, AlertRuleProps, AlertSeverity } from '../blueprint/alerting';
import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { alertedZones } from './alerted-zones';
import { AlertedCertificateModel, AlertingModel, AlertRuleModel } from './alerting-model';
import { IssueCollector } from './errors';
import { KeycloakModel } from './keycloak-model';
import { MeshModel } from './mesh-model';
import { ServiceModel } from './model';
import { checkDnsLabel, checkLabels } from './names';
import { PkiModel } from './pki-model';
import { compareNames } from '../name-order';

type RuleName = Exclude<keyof AlertingProps, 'enabled' | 'namespace' | 'ruleLabels' | 'runbookBaseUrl'>;

/** Defaults of every alert (documented in docs/audit.md). */
export const ALERT_DEFAULTS: Record<RuleName, AlertRuleModel> = {
  meshDenials: { threshold: 5, window: '5m', pendingFor: '1m', severity: AlertSeverity.WARNING },
  auditWouldDeny: { threshold: 0, window: '15m', pendingFor: '0s', severity: AlertSeverity.INFO },
  failedLogins: { threshold: 20, window: '5m', pendingFor: '0s', severity: AlertSeverity.WARNING },
  lockedOutLogins: { threshold: 0, window: '5m', pendingFor: '0s', severity: AlertSeverity.WARNING },
  certificateNotReady: { threshold: 0, window: '5m', pendingFor: '15m', severity: AlertSeverity.CRITICAL },
  certificateRenewalOverdue: { threshold: 0, window: '1h', pendingFor: '0s', severity: AlertSeverity.CRITICAL },
};

/** A Prometheus duration: one or more `<number><unit>` (`1h30m`), or `0s`. */
const PROMETHEUS_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/**
 * Alerting from the blueprint: on when asked for, or when a service is the metrics scraper. Each alert is
 * derived here (which services, which certificates, which realm) so the emitter only formats it.
 */
export function buildAlerting(
  props: ZeroTrustBlueprintProps, services: readonly ServiceModel[], mesh: MeshModel,
  pki: PkiModel | undefined, keycloak: KeycloakModel | undefined, issues: IssueCollector,
): AlertingModel | undefined {
  const a = props.alerting;
  const scraper = services.find((s) => s.metricsScraper);
  if (!(a?.enabled ?? scraper !== undefined)) {
    return undefined;
  }
  const namespace = a?.namespace ?? scraper?.namespace;
  if (namespace === undefined) {
    issues.add('ZT-AUDIT-001', 'alerting.namespace', 'alerting is on but no service is the metrics scraper: set the namespace the PrometheusRules go to (where Prometheus reads rules)');
  } else {
    issues.check('ZT-AUDIT-002', 'alerting.namespace', checkDnsLabel(namespace));
  }
  issues.check('ZT-AUDIT-003', 'alerting.ruleLabels', checkLabels(a?.ruleLabels ?? {}));
  if (a?.runbookBaseUrl !== undefined && !/^https:\/\/[^\s#]+$/.test(a.runbookBaseUrl)) {
    issues.add('ZT-AUDIT-004', 'alerting.runbookBaseUrl', `"${a.runbookBaseUrl}" is not an https:// URL without a fragment (the alert name is appended as #<name>)`);
  }
  const rule = (name: RuleName) => buildRule(a?.[name], ALERT_DEFAULTS[name], `alerting.${name}`, issues);

  return {
    namespace: namespace ?? '',
    ruleLabels: { ...a?.ruleLabels },
    runbookBaseUrl: a?.runbookBaseUrl,
    meshDenials: rule('meshDenials'),
    auditWouldDeny: rule('auditWouldDeny'),
    failedLogins: rule('failedLogins'),
    lockedOutLogins: rule('lockedOutLogins'),
    certificateNotReady: rule('certificateNotReady'),
    certificateRenewalOverdue: rule('certificateRenewalOverdue'),
    zones: alertedZones(mesh),
    realm: keycloak ? { realm: keycloak.realm.name, namespace: keycloak.namespace, service: keycloak.service.name } : undefined,
    certificates: pki ? blueprintCertificates(pki, services) : [],
  };
}

function buildRule(props: AlertRuleProps | undefined, d: AlertRuleModel, path: string, issues: IssueCollector): AlertRuleModel | undefined {
  if (props?.enabled === false) {
    return undefined;
  }
  const r: AlertRuleModel = {
    threshold: props?.threshold ?? d.threshold,
    window: props?.window ?? d.window,
    pendingFor: props?.pendingFor ?? d.pendingFor,
    severity: props?.severity ?? d.severity,
  };
  if (!Number.isInteger(r.threshold) || r.threshold < 0) {
    issues.add('ZT-AUDIT-005', `${path}.threshold`, `${r.threshold} is not a whole number of events from 0 up (the alert fires above it)`);
  }
  for (const field of ['window', 'pendingFor'] as const) {
    if (!PROMETHEUS_DURATION.test(r[field])) {
      issues.add('ZT-AUDIT-006', `${path}.${field}`, `"${r[field]}" is not a Prometheus duration: write a number and a unit, such as 30s, 5m, 1h or 1h30m`);
    }
  }
  if (PROMETHEUS_DURATION.test(r.window) && /^0+[a-z]+$/.test(r.window)) {
    issues.add('ZT-AUDIT-007', `${path}.window`, 'a window of zero counts nothing: use a duration such as 5m');
  }
  return r;
}

/** Every Certificate the PKI emits (the same names as lib/pki), sorted. */
function blueprintCertificates(pki: PkiModel, services: readonly ServiceModel[]): AlertedCertificateModel[] {
  const out: AlertedCertificateModel[] = [];
  for (const ca of [pki.meshIdentity?.ca, pki.serviceCa?.ca]) {
    if (ca?.rootCertificateName) {
      out.push({ namespace: pki.certManagerNamespace, name: ca.rootCertificateName });
    }
  }
  if (pki.meshIdentity) {
    out.push({ namespace: pki.meshIdentity.issuer.namespace, name: pki.meshIdentity.issuer.name });
  }
  for (const webhook of pki.linkerdWebhooks?.certificates ?? []) {
    out.push({ namespace: pki.linkerdWebhooks!.namespace, name: webhook.name });
  }
  for (const s of services) {
    if (s.tls) {
      out.push({ namespace: s.namespace, name: s.tls.certificateName });
    }
  }
  return out.sort((x, y) => compareNames(x.namespace, y.namespace) || compareNames(x.name, y.name));
}
