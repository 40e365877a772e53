import { describe, expect, it } from 'vitest';
import { BAD_INPUT_CASES } from '../blueprint/bad-input-cases';
import { mutated } from '../blueprint/fixtures';
import { EXAMPLE_BLUEPRINT, exampleProps } from '../support/synth';
import { CliResult, runCli, runInProcess, STACK_LINE, writeBlueprint } from './cli-run';
import { main } from '../../lib/cli/main';

const parseFindings = (r: CliResult) => JSON.parse(r.stdout) as Array<{ code: string; path: string; message: string; severity: string; file: string }>;

describe('cdk8s-zero-trust check', () => {
  it('accepts the reference blueprint: exit 0 and a one-line summary with the counts from the file', () => {
    const r = runCli(['check', EXAMPLE_BLUEPRINT]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const props = exampleProps();
    const flows = props.services.reduce((n, s) => n + (s.allowFrom ?? []).length, 0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain(`${props.zones!.length} zones, ${props.services.length} services, ${flows} declared flows`);
    expect(parseFindings(runCli(['check', EXAMPLE_BLUEPRINT, '--format', 'json']))).toEqual([]);
  });

  it('reports a broken blueprint with every problem, path and code, exit 1 and no stack trace (child process)', () => {
    const file = writeBlueprint(mutated((b) => { b.services[1].ports[0].port = 70000; b.services[2].zone = 'nowhere'; }));
    const text = runCli(['check', file]);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`Invalid zero-trust blueprint in ${file} (2 problems):`);
    expect(text.stderr).toMatch(/services\[1\]\.ports\[0\]\.port: 70000 is not a port number.* \[ZT-[A-Z]+-\d{3}\]/);
    expect(text.stderr).toMatch(/services\[2\]\.zone: unknown zone "nowhere".* \[ZT-[A-Z]+-\d{3}\]/);
    expect(text.stderr).not.toMatch(STACK_LINE);
    const json = runCli(['check', file, '--format', 'json']);
    expect(json.status).toBe(1);
    expect(parseFindings(json).map((f) => `${f.path} ${f.severity} ${f.file}`).sort()).toEqual([`services[1].ports[0].port error ${file}`, `services[2].zone error ${file}`]);
  });

  describe.each(BAD_INPUT_CASES)('bad input: $name', ({ mutate, path, message }) => {
    it(`is reported at ${path} with its code, as text and JSON`, () => {
      const file = writeBlueprint(mutated(mutate), undefined, 'platform.json');
      const json = runInProcess(['check', file, '--format', 'json']);
      expect(json.status).toBe(1);
      const findings = parseFindings(json);
      const found = findings.filter((f) => f.path === path && message.test(f.message));
      expect(found, JSON.stringify(findings, null, 2)).toHaveLength(1);
      findings.forEach((f) => {
        expect(f.code).toMatch(/^ZT-[A-Z]+-\d{3}$/);
        expect(f.severity).toBe('error');
      });
      const text = runInProcess(['check', file]);
      expect(text.status).toBe(1);
      expect(text.stderr).toContain(`  ${path}: ${found[0].message} [${found[0].code}]`);
      expect(text.stderr.trim().split('\n')).toHaveLength(findings.length + 1); // every problem, not the first 50
      expect(text.stderr).not.toMatch(STACK_LINE);
    });
  });

  it('a missing file, bad YAML and a wrong command line are user mistakes: exit 1 or 2, no stack trace', () => {
    const missing = runInProcess(['check', '/nonexistent/platform.yaml']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/\(root\): cannot read the blueprint file: .*ENOENT.* \[ZT-INPUT-001\]/);
    const yamlFile = writeBlueprint({});
    require('fs').writeFileSync(yamlFile, 'services: [\n');
    const yaml = runInProcess(['check', yamlFile]);
    expect(yaml.status).toBe(1);
    expect(yaml.stderr).toMatch(/line \d+, column \d+/);
    for (const args of [['check'], ['check', 'a', 'b'], ['lint', 'x'], ['check', 'x', '--format', 'sarif'], ['check', 'x', '--verbose']]) {
      const r = runInProcess(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: cdk8s-zero-trust <command>');
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('an internal error is not a user mistake: exit 70, the stack trace and where to report it', () => {
    let stderr = '';
    const status = main(['check', EXAMPLE_BLUEPRINT], { out: () => { throw new TypeError('stream closed'); }, err: (t) => { stderr += t; } });
    expect(status).toBe(70);
    expect(stderr).toContain('Internal error of cdk8s-zero-trust');
    expect(stderr).toContain('Please report it');
    expect(stderr).toMatch(STACK_LINE);
  });
});
