import { execFileSync } from 'child_process';
import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/tools';
import { BIN, runCli } from './cli-run';

describe('the cdk8s-zero-trust executable', () => {
  it('is the package bin, shipped, executable, and runs the compiled CLI', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk8s-zero-trust': 'bin/cdk8s-zero-trust.js' });
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot(), encoding: 'utf8' }))[0].files.map((f: any) => f.path);
    expect(packed).toEqual(expect.arrayContaining(['bin/cdk8s-zero-trust.js', 'build/cli/main.js']));
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BIN).mode & 0o111).toBe(0o111);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['synth', 'check', 'explain', 'graph', 'diff']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} <`, 'm'));
    }
    const none = runCli([]);
    expect(none.status).toBe(2);
  });
});
