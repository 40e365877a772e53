import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedBuild } from '../../bench/built-library';

// The benchmark measures the built package (bench/built-library.ts): a stale build would measure other code.
describe('the benchmark\'s built package (bench/built-library.ts)', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

  /** A package root with the given sources and, unless undefined, a build entry, each with its mtime in seconds. */
  function root(sources: Record<string, number>, built: number | undefined): string {
    const dir = mkdtempSync(join(tmpdir(), 'zt-built-'));
    roots.push(dir);
    for (const [path, mtime] of Object.entries(sources)) {
      mkdirSync(join(dir, 'lib', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'lib', path), '');
      utimesSync(join(dir, 'lib', path), mtime, mtime);
    }
    if (built !== undefined) {
      mkdirSync(join(dir, 'build'));
      writeFileSync(join(dir, 'build', 'index.js'), '');
      utimesSync(join(dir, 'build', 'index.js'), built, built);
    }
    return dir;
  }

  it('is the build\'s entry point when it is newer than every source', () => {
    const dir = root({ 'index.ts': 1000, 'model/deep/a.ts': 1500 }, 2000);
    expect(checkedBuild(dir)).toBe(join(dir, 'build', 'index.js'));
  });

  it('is refused, naming the newer source and the command, when a source changed after the build', () => {
    const dir = root({ 'index.ts': 1000, 'model/deep/a.ts': 2500, 'model/b.ts': 1200 }, 2000);
    expect(() => checkedBuild(dir)).toThrow(/build\/ is older than lib\/model\/deep\/a\.ts: run `npm run build` first/);
  });

  it('is refused when there is no build', () => {
    const dir = root({ 'index.ts': 1000 }, undefined);
    expect(() => checkedBuild(dir)).toThrow(/build\/index\.js is missing: run `npm run build` first/);
  });
});
