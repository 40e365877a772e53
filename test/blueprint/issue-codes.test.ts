// Every check has its own stable code, so CI logs and acknowledgments can refer to one check.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { buildModel, isBlueprintError } from '../../lib/model';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('blueprint issue codes', () => {
  const literals = sourceFiles(path.join(__dirname, '..', '..', 'lib'))
    .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/'(ZT-[A-Z]+-\d{3})'/g)].map((m) => m[1]));

  it('are unique: one code, one check', () => {
    expect(literals.length).toBeGreaterThan(100);
    const seen = new Map<string, number>();
    literals.forEach((c) => seen.set(c, (seen.get(c) ?? 0) + 1));
    expect([...seen].filter(([, n]) => n > 1).map(([c]) => c)).toEqual([]);
  });

  it('are carried by the error and printed next to each message', () => {
    let err: unknown;
    try {
      buildModel({ services: [{ name: 'a', zone: 'nowhere' }] });
    } catch (e) {
      err = e;
    }
    expect(isBlueprintError(err)).toBe(true);
    if (!isBlueprintError(err)) return;
    expect(err.issues.length).toBeGreaterThan(0);
    for (const issue of err.issues) {
      expect(issue.code).toMatch(/^ZT-[A-Z]+-\d{3}$/);
      expect(literals).toContain(issue.code);
      expect(err.message).toContain(`${issue.message} [${issue.code}]`);
    }
  });
});
