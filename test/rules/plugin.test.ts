// The validation plugin with the cdk8s CLI's own ValidationContext and report, and through the real
// `cdk8s synth` of a temporary app whose cdk8s.yaml references it.
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ZeroTrustValidation } from '../../lib';
import { repoRoot } from '../support/tools';
import { NS, goodPlatform } from './fixtures';

const PLUGIN = join(repoRoot(), 'examples', 'reference-platform', 'validation-plugin.js');
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'legacy', namespace: NS }, stringData: { password: 'hunter2' } };
const yamlOf = (objects: any[]) => objects.map((o) => stringify(o)).join('---\n');

function manifestFile(objects: any[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zt-plugin-')), 'app.k8s.yaml');
  writeFileSync(file, yamlOf(objects));
  return file;
}

async function validate(objects: any[], props: any = {}) {
  const file = manifestFile(objects);
  const context = new ValidationContext([file], 'cdk8s-zero-trust', '0.1.0');
  await new ZeroTrustValidation(props).validate(context);
  return { file, report: context.report.toJson(), text: context.report.toString() };
}

describe('the validation plugin (cdk8s ValidationContext)', () => {
  it('passes a correct platform', async () => {
    const { report } = await validate(goodPlatform());
    expect(report.summary.status).toBe('success');
    expect(report.violations).toEqual([]);
  });

  it('reports each violated rule with the resource, the file, the location, the recommendation and the fix', async () => {
    const { file, report, text } = await validate([...goodPlatform().filter((o) => o.kind !== 'NetworkPolicy' || o.metadata.name !== 'default-deny'), secret]);
    expect(report.summary.status).toBe('failure');
    expect(report.violations.map((v) => v.ruleName)).toEqual(['[ZT-RULE-001] default-deny-ingress (error)', '[ZT-RULE-002] default-deny-egress (error)', '[ZT-RULE-006] no-literal-secrets (error)']);
    const secrets = report.violations[2];
    expect(secrets.violatingConstructs).toEqual([{ resourceName: 'legacy', manifestPath: file, constructPath: undefined, locations: [`Secret/${NS}/legacy stringData.password: Secret key "password" is written into the manifests`] }]);
    expect(secrets.fix).toMatch(/Sealed Secrets/);
    expect(secrets.recommendation).toMatch(/no Secret with `data`/);
    expect(text).toContain('ZT-RULE-006');
  });

  it('lists acknowledged findings with their reasons in the summary, and passes', async () => {
    const reason = 'replaced by the sealed-secrets controller';
    const { report } = await validate([...goodPlatform(), secret], { acknowledgments: [{ ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason }] });
    expect(report.summary.status).toBe('success');
    expect(report.summary.metadata).toMatchObject({ 'acknowledged': '1', [`acknowledged ZT-RULE-006 Secret/${NS}/legacy stringData.password`]: reason });
  });

  it('fails with the field named when an acknowledgment has no reason', async () => {
    const { report } = await validate([...goodPlatform(), secret], { acknowledgments: [{ ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason: '' }] });
    expect(report.summary.status).toBe('failure');
    expect(report.violations.map((v) => v.ruleName)).toEqual(['[ZT-ACK] invalid acknowledgments']);
    expect(report.violations[0].recommendation).toContain('acknowledgments[0].reason');
    expect(report.violations[0].recommendation).toContain('ZT-ACK-003');
  });
});

/** A cdk8s app whose "synthesis" writes the given manifests, with the plugin in its cdk8s.yaml. */
function cliApp(objects: any[], properties?: any): string {
  const dir = mkdtempSync(join(tmpdir(), 'zt-plugin-app-'));
  writeFileSync(join(dir, 'manifests.yaml'), yamlOf(objects));
  writeFileSync(join(dir, 'write.js'), "const fs = require('fs');\nfs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });\nfs.copyFileSync(`${__dirname}/manifests.yaml`, `${process.env.CDK8S_OUTDIR}/app.k8s.yaml`);\n");
  writeFileSync(join(dir, 'cdk8s.yaml'), stringify({
    language: 'typescript', app: 'node write.js', output: 'dist',
    validations: [{ package: PLUGIN, version: '0.1.0', class: 'ZeroTrustValidation', ...(properties ? { properties } : {}) }],
  }));
  return dir;
}

/** `cdk8s synth` in `cwd` into a fresh directory; the JSON reports go to `<that directory>-reports.json`. */
function cdk8sSynth(cwd: string): { status: number | null; output: string; reports: string } {
  const out = mkdtempSync(join(tmpdir(), 'zt-plugin-dist-'));
  const reports = `${out}-reports.json`;
  const run = spawnSync(join(repoRoot(), 'node_modules', '.bin', 'cdk8s'), ['synth', '--check-upgrade=false', '--output', out, '--validation-reports-output-file', reports], {
    cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, timeout: 180_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, reports };
}

describe('the validation plugin in a cdk8s.yaml, run by `cdk8s synth`', () => {
  it('fails the synth (exit 2) on a hand-written manifest that breaks the rules, with the report', () => {
    const dir = cliApp([...goodPlatform().filter((o) => o.kind !== 'NetworkPolicy' || o.metadata.name !== 'default-deny'), secret]);
    const { status, output, reports: file } = cdk8sSynth(dir);
    expect(status, output).toBe(2);
    expect(output).toContain('[ZT-RULE-001] default-deny-ingress (error)');
    expect(output).toContain(`Secret/${NS}/legacy stringData.password`);
    const reports = JSON.parse(readFileSync(file, 'utf8')).reports;
    expect(reports[0].violations.map((v: any) => v.ruleName.split(' ')[0])).toEqual(['[ZT-RULE-001]', '[ZT-RULE-002]', '[ZT-RULE-006]']);
  }, 240_000);

  it('passes with the finding acknowledged in cdk8s.yaml, and lists the acknowledgment', () => {
    const dir = cliApp([...goodPlatform(), secret], { acknowledgments: [{ ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason: 'sealed at deploy time' }] });
    const { status, output } = cdk8sSynth(dir);
    expect(status, output).toBe(0);
    expect(output).toContain('sealed at deploy time');
  }, 240_000);

  it('passes on the reference platform (the repository\'s own cdk8s.yaml)', () => {
    const { status, output } = cdk8sSynth(repoRoot());
    expect(status, output).toBe(0);
    expect(output).toMatch(/Status\s+│ success/);
    expect(output).toContain('Validations ended succesfully');
  }, 240_000);
});
