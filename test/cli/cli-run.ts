import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { main } from '../../lib/cli/main';
import { repoRoot } from '../support/tools';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The installed entry point (package.json `bin`), which runs the compiled CLI. */
export const BIN = join(repoRoot(), 'bin', 'cdk8s-zero-trust.js');

/** Runs the compiled CLI as a child process, as `npx cdk8s-zero-trust` does. Fails without a build. */
export function runCli(args: string[], cwd: string = repoRoot()): CliResult {
  if (!existsSync(join(repoRoot(), 'build', 'cli', 'main.js'))) {
    throw new Error('build/cli/main.js is missing: run `npm run build` before the CLI tests');
  }
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  if (r.error) {
    throw r.error;
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI in-process (the same `main`), for the many cases where a process start costs too much. */
export function runInProcess(args: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const status = main(args, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; } });
  return { status, stdout, stderr };
}

/** A fresh scratch directory. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'zt-cli-test-'));
}

/** Writes a blueprint object as a YAML file (or JSON, by the extension) and returns its path. */
export function writeBlueprint(props: unknown, dir: string = scratch(), name = 'platform.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, name.endsWith('.json') ? JSON.stringify(props, null, 2) : stringify(props));
  return file;
}

/** No line of a Node stack trace (`    at fn (file:line:col)`). */
export const STACK_LINE = /^\s+at .+[:(]/m;
