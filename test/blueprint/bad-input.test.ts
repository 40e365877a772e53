import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { spawnSync } from 'child_process';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { BAD_INPUT_CASES } from './bad-input-cases';
import { mutated, validBlueprint } from './fixtures';
import { issuesOf } from '../support/blueprint-issues';
import { expectSchemaRejectsExpressibleCases } from '../support/schema-constraints';

const CASES = BAD_INPUT_CASES;

describe('bad input', () => {
  it('the valid fixture is accepted', () => {
    expect(() => new ZeroTrustBlueprint(new Chart(Testing.app(), 'c'), 'bp', validBlueprint())).not.toThrow();
  });

  it('covers at least 25 distinct malformed blueprints', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('$name is reported at $path', ({ mutate, path, message }) => {
    const issues = issuesOf(mutated(mutate));
    const at = issues.filter((i) => i.path === path);
    expect(at.map((i) => i.message), `issues: ${JSON.stringify(issues)}`).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('the JSON Schema rejects every case it can express; the library reports each once, under its own code', () => {
    const expressed = expectSchemaRejectsExpressibleCases(CASES, (c) => mutated(c.mutate), (b) => issuesOf(b));
    expect(expressed).toBeGreaterThanOrEqual(12);
  });

  it('reports every problem at once, sorted by path', () => {
    const issues = issuesOf(mutated((b) => {
      b.services[1].zone = 'nowhere';
      b.services[0].ports[0].port = 0;
    }));
    expect(issues.map((i) => i.path)).toEqual(['services[0].ports[0].port', 'services[1].zone']);
  });

  it('names the file and the field for YAML input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-bad-'));
    const file = join(dir, 'blueprint.yaml');
    writeFileSync(file, 'services:\n  - name: api\n    zone: app\n    ports:\n      - { name: http, port: eighty }\n');
    expect(() => ZeroTrustBlueprint.loadProps(file)).toThrow(/blueprint\.yaml[\s\S]*services\[0\]\.ports\[0\]\.port: must be a number \(found string "eighty"\)/);
  });

  it('reports YAML syntax errors and duplicate keys without a stack of parser internals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-bad-'));
    const file = join(dir, 'blueprint.yaml');
    writeFileSync(file, 'services: []\nservices: []\n');
    expect(() => ZeroTrustBlueprint.loadProps(file)).toThrow(/not valid YAML or JSON: .*unique/i);
  });
});

describe('cdk8s synth with an invalid blueprint', () => {
  const repo = join(__dirname, '..', '..');

  it('exits 1 with the problems and no stack trace, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-synth-'));
    const bad = join(dir, 'blueprint.json');
    writeFileSync(bad, JSON.stringify(mutated((b) => { b.services[2].allowFrom.push({ internet: true }); })));
    const outdir = join(dir, 'dist');
    const run = spawnSync(process.execPath, [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repo, 'examples', 'reference-platform', 'main.ts')], {
      env: { ...process.env, ZT_BLUEPRINT: bad, CDK8S_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('services[2].allowFrom[1]: only services in a dmz zone may be reached from the internet');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });
});
