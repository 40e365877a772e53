// The PrometheusRules of the reference platform and of a second blueprint: valid against the shared CRD
// schema, accepted by `promtool check rules`, and proven by `promtool test rules` on synthetic series
// generated from the blueprint text: every alert fires on the series meant for it and stays silent on
// normal traffic.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ZeroTrustBlueprintProps } from '../../lib';
import { SchemaValidator } from '../support/k8s-schemas';
import { exampleProps, synthBlueprint } from '../support/synth';
import { runKubeconform, runPromtool } from '../support/tools';
import { otherPlatform, suffixPlatform } from './fixtures';
import { promtoolTests, targets } from './alert-oracle';

const rulesOf = (manifests: any[]) => manifests.filter((m) => m.kind === 'PrometheusRule');
const allRules = (rules: any[]) => rules.flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules));

/** Which oracle entry a rule is: alert name plus what tells rules of the same alert apart. */
function ruleKey(rule: any): string {
  if (rule.alert.startsWith('Certificate')) return `${rule.alert}/${rule.labels.certificate_namespace}/${rule.labels.certificate}`;
  if (rule.alert === 'LinkerdAuditWouldDeny') return `${rule.alert}/${rule.labels.zone}/${rule.labels.protocol}`;
  if (rule.alert.startsWith('Linkerd')) return `${rule.alert}/${rule.labels.zone}`;
  return rule.alert;
}

function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'zt-alerts-'));
}

const BLUEPRINTS: [string, () => ZeroTrustBlueprintProps][] = [
  ['the reference platform', exampleProps],
  ['a platform with other names', otherPlatform],
  ['a platform whose Server names share port-name suffixes', suffixPlatform],
];

describe.each(BLUEPRINTS)('alerts of %s', (_name, props) => {
  const blueprint = props();
  const manifests = synthBlueprint(blueprint);
  const rules = rulesOf(manifests);
  const scraper = blueprint.services.find((s) => s.metricsScraper)!;
  const zones: any[] = blueprint.zones ?? [];
  const scraperNamespace = zones.find((z) => z.name === scraper.zone)?.namespace ?? scraper.zone;

  it('are PrometheusRules in the metrics scraper\'s namespace that the shared CRD schema accepts', () => {
    expect(rules.map((r) => r.metadata.name).sort()).toEqual(['zero-trust-certificates', ...(blueprint.keycloak ? ['zero-trust-identity'] : []), 'zero-trust-mesh-authorization']);
    expect(new Set(rules.map((r) => `${r.apiVersion} ${r.metadata.namespace}`))).toEqual(new Set([`monitoring.coreos.com/v1 ${scraperNamespace}`]));
    expect(new SchemaValidator().validateAll(rules)).toEqual([]);
    const dir = workDir();
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, rules.map((r) => stringify(r)).join('---\n'));
    const result = runKubeconform([file]);
    expect(result).toMatchObject({ valid: rules.length, invalid: 0, missing: 0, errors: 0 });
  });

  it('cover every zone with meshed targets, one rule per zone and kind of Server, and every alert has a severity, a summary and a runbook line', () => {
    const all = allRules(rules);
    const zonesOfTargets = new Map(targets(blueprint).map((t) => [t.zone, targets(blueprint).filter((u) => u.zone === t.zone)]));
    for (const [zone, inZone] of zonesOfTargets) {
      const alerts = all.filter((r) => r.labels.zone === zone && r.alert.startsWith('Linkerd')).map((r) => r.alert).sort();
      const http = inZone.some((t) => t.http.length > 0);
      const tcp = inZone.some((t) => t.tcp.length > 0);
      const expected = inZone[0].mode === 'deny'
        ? [...(http ? ['LinkerdHttpAuthorizationDenied'] : []), ...(tcp ? ['LinkerdTcpAuthorizationDenied'] : [])]
        : [...(http ? ['LinkerdAuditWouldDeny'] : []), ...(tcp ? ['LinkerdAuditWouldDeny'] : [])];
      expect(alerts, zone).toEqual(expected);
    }
    for (const r of all) {
      expect(['critical', 'warning', 'info'], r.alert).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.runbook, r.alert).toMatch(/\S.{20,}/);
      // The runbook says where to look: the zone's namespace, the realm or the certificate.
      const where = r.labels.certificate_namespace ?? r.labels.realm ?? targets(blueprint).find((t) => t.zone === r.labels.zone)!.namespace;
      expect(r.annotations.runbook, r.alert).toContain(where);
    }
  });

  it('pass `promtool check rules`', () => {
    const dir = workDir();
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, stringify({ groups: rules.flatMap((r) => r.spec.groups) }));
    expect(runPromtool(['check', 'rules', file])).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass `promtool test rules`: each alert fires on its attack series, per target and caller, and never on normal traffic', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rules.flatMap((r) => r.spec.groups) }));
    const certificates = manifests.filter((m) => m.kind === 'Certificate').map((c) => ({ namespace: c.metadata.namespace, name: c.metadata.name }));
    expect(certificates.length).toBeGreaterThan(0);
    const runbooks = new Map(allRules(rules).map((r) => [ruleKey(r), r.annotations.runbook]));
    const tests = promtoolTests(blueprint, certificates, runbooks);
    // Every rule is exercised by the oracle (no rule the blueprint text does not explain).
    const exercised = new Set(tests[0].alert_rule_test.flatMap((t) => t.exp_alerts.map(() => t.alertname)));
    expect([...new Set(allRules(rules).map((r) => r.alert))].sort()).toEqual([...exercised].sort());
    writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
    expect(runPromtool(['test', 'rules', join(dir, 'tests.yaml')])).toMatch(/SUCCESS/);
  });
});
