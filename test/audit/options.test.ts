// The alerting options of the blueprint: when alerting is on, thresholds and windows reach the rules, and
// bad values are refused with their path.
import { describe, expect, it } from 'vitest';
import { AlertSeverity } from '../../lib';
import { issuesOf } from '../support/blueprint-issues';
import { synthBlueprint } from '../support/synth';
import { otherPlatform } from './fixtures';

const withAlerting = (alerting: object, mutate: (b: any) => void = () => undefined) => {
  const b: any = { ...otherPlatform(), alerting };
  mutate(b);
  return b;
};
const promRules = (props: any) => synthBlueprint(props).filter((m) => m.kind === 'PrometheusRule');
const rulesNamed = (props: any, alert: string) => promRules(props).flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules)).filter((r: any) => r.alert === alert);
const noScraper = (b: any) => { b.services = b.services.map((s: any) => ({ ...s, metricsScraper: undefined })); };

describe('alerting options', () => {
  it('is on with a metrics scraper, off without one, and each way overridable', () => {
    expect(promRules(otherPlatform())).toHaveLength(3);
    expect(promRules(withAlerting({ enabled: false }))).toEqual([]);
    expect(promRules(withAlerting({}, noScraper))).toEqual([]);
    const explicit = promRules(withAlerting({ enabled: true, namespace: 'monitoring', ruleLabels: { release: 'prometheus' } }, noScraper));
    expect(explicit.map((r) => [r.metadata.namespace, r.metadata.labels.release])).toEqual([['monitoring', 'prometheus'], ['monitoring', 'prometheus'], ['monitoring', 'prometheus']]);
  });

  it('puts thresholds, windows, pending time, severity and runbook URLs into the rules', () => {
    const props = withAlerting({
      runbookBaseUrl: 'https://runbooks.corp.example/zero-trust',
      meshDenials: { threshold: 42, window: '10m', pendingFor: '3m', severity: AlertSeverity.CRITICAL },
      lockedOutLogins: { enabled: false },
    });
    const denied = rulesNamed(props, 'LinkerdHttpAuthorizationDenied');
    expect(denied.length).toBeGreaterThan(0);
    for (const r of denied) {
      expect(r.expr).toContain('[10m]))');
      expect(r.expr).toMatch(/ > 42$/);
      expect(r).toMatchObject({ for: '3m', labels: { severity: 'critical' }, annotations: { runbook_url: 'https://runbooks.corp.example/zero-trust#linkerdhttpauthorizationdenied' } });
      expect(r.annotations.summary).toContain('in 10m');
    }
    expect(rulesNamed(props, 'KeycloakLockedOutLogins')).toEqual([]);
    expect(rulesNamed(props, 'KeycloakFailedLogins')).toHaveLength(1);
  });

  it('refuses bad values, each with its path and code, all in one run', () => {
    const issues = issuesOf(withAlerting({
      enabled: true,
      runbookBaseUrl: 'http://runbooks/x#y',
      failedLogins: { threshold: -1, window: 'five minutes' },
      certificateNotReady: { pendingFor: '15 m' },
      meshDenials: { window: '0m' },
    }, noScraper));
    expect(issues.map((i: any) => `${i.code} ${i.path}`).sort()).toEqual([
      'ZT-AUDIT-001 alerting.namespace',
      'ZT-AUDIT-004 alerting.runbookBaseUrl',
      'ZT-AUDIT-005 alerting.failedLogins.threshold',
      'ZT-AUDIT-006 alerting.certificateNotReady.pendingFor',
      'ZT-AUDIT-006 alerting.failedLogins.window',
      'ZT-AUDIT-007 alerting.meshDenials.window',
    ]);
  });
});
