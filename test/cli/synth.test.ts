import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { mutated } from '../blueprint/fixtures';
import { EXAMPLE_BLUEPRINT } from '../support/synth';
import { generatedBlueprints } from './generated';
import { runCli, runInProcess, scratch, STACK_LINE, writeBlueprint } from './cli-run';

/** What `cdk8s synth` writes for an app whose one chart holds the construct from `fromFile`. */
function constructOutput(file: string, chartId: string): { files: Map<string, string>; realm?: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'zt-cli-construct-'));
  const app = new App({ outdir });
  const blueprint = ZeroTrustBlueprint.fromFile(new Chart(app, chartId), 'blueprint', file);
  app.synth();
  const files = new Map(readdirSync(outdir).map((f) => [f, readFileSync(join(outdir, f), 'utf8')]));
  return { files, realm: blueprint.realmJson };
}

function filesOf(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('cdk8s-zero-trust synth', () => {
  it('writes the same bytes as cdk8s synth of the construct, and the realm file beside (child process)', () => {
    const out = join(scratch(), 'dist');
    const r = runCli(['synth', EXAMPLE_BLUEPRINT, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = constructOutput(EXAMPLE_BLUEPRINT, 'blueprint');
    expect([...filesOf(out).keys()]).toEqual(['blueprint.k8s.yaml']);
    expect(filesOf(out)).toEqual(expected.files);
    const realmFiles = filesOf(`${out}-keycloak`);
    expect([...realmFiles.keys()]).toEqual(['platform-realm.json']);
    expect(JSON.parse(realmFiles.get('platform-realm.json')!)).toEqual(JSON.parse(expected.realm!));
    expect(r.stdout).toContain(join(out, 'blueprint.k8s.yaml'));
  });

  it('names the chart after --chart and puts the realm where --realm-dir says', () => {
    const dir = scratch();
    const r = runInProcess(['synth', EXAMPLE_BLUEPRINT, '--output', join(dir, 'out'), '--chart', 'platform', '--realm-dir', join(dir, 'realm')]);
    expect(r.status).toBe(0);
    expect(filesOf(join(dir, 'out'))).toEqual(constructOutput(EXAMPLE_BLUEPRINT, 'platform').files);
    expect(readdirSync(join(dir, 'realm'))).toEqual(['platform-realm.json']);
  });

  it.each(generatedBlueprints(4).map((props, i) => ({ i, props })))('generated blueprint %#: same output as the construct', ({ props }) => {
    const dir = scratch();
    const file = writeBlueprint(props, dir, 'generated.json');
    const r = runInProcess(['synth', file, '-o', join(dir, 'dist')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = constructOutput(file, 'generated');
    expect(filesOf(join(dir, 'dist'))).toEqual(expected.files);
    expect(existsSync(join(dir, 'dist-keycloak'))).toBe(expected.realm !== undefined);
  });

  it('writes nothing for an invalid blueprint: exit 1, the problems, no stack trace', () => {
    const dir = scratch();
    const file = writeBlueprint(mutated((b) => { b.services[1].allowFrom[0].service = 'gatway'; }), dir);
    const r = runCli(['synth', file, '-o', join(dir, 'dist')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('services[1].allowFrom[0].service: unknown service "gatway"');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual(['platform.yaml']);
  });
});
