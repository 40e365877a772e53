// The crashes and floods the fuzzer of issue 9 found, one case each, with the error users now get.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { BlueprintError, MAX_LISTED_ISSUES, isBlueprintError } from '../../lib/errors';
import { mutated } from '../blueprint/fixtures';
import { issuesOf } from '../support/blueprint-issues';
import { findObject, synthBlueprint } from '../support/synth';

const dir = mkdtempSync(join(tmpdir(), 'zt-input-'));
let files = 0;

/** The error `loadProps` throws for a file with `text`; fails when the file loads or fails otherwise. */
function loadError(text: string): BlueprintError {
  const file = join(dir, `blueprint-${files++}.yaml`);
  writeFileSync(file, text);
  try {
    ZeroTrustBlueprint.loadProps(file);
  } catch (e) {
    expect(isBlueprintError(e)).toBe(true);
    return e as BlueprintError;
  }
  throw new Error('the file was accepted');
}

const BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]', 'services: [*e,*e,*e,*e,*e,*e,*e,*e,*e]', ''].join('\n');

describe('YAML that used to crash or flood', () => {
  it('an alias bomb is a blueprint error, not a ReferenceError', () => {
    const err = loadError(BOMB);
    expect(err.issues.map((i) => i.code)).toEqual(['ZT-INPUT-004']);
    expect(err.message).toMatch(/aliases expand to too many nodes \(more than 100 alias uses/);
  });

  it('a few aliases still work', () => {
    const file = join(dir, 'aliases.yaml');
    writeFileSync(file, 'services:\n  - { name: a, zone: app, ports: &ports [{ name: http, port: 8080 }] }\n  - { name: b, zone: app, ports: *ports, allowFrom: [{ service: a }] }\n');
    expect(ZeroTrustBlueprint.loadProps(file).services[1].ports).toEqual([{ name: 'http', port: 8080 }]);
  });

  it('an alias without its anchor names the alias', () => {
    const err = loadError('services: *nope\n');
    expect(err.issues).toEqual([{ code: 'ZT-INPUT-005', path: '', message: 'the YAML alias *nope refers to no anchor before it: define the anchor (&nope) before its first use' }]);
  });

  it('a hundred thousand unclosed brackets are refused before parsing, with the position', () => {
    const err = loadError(`services:\n  - ${'['.repeat(100_000)}`);
    expect(err.issues).toEqual([{ code: 'ZT-INPUT-009', path: '', message: expect.stringMatching(/^brackets nest more than 64 levels deep at line 2, column 69: close/) }]);
  });

  it('brackets inside quoted strings and comments do not count', () => {
    const file = join(dir, 'quoted.yaml');
    writeFileSync(file, [`# ${'['.repeat(100)}`, 'services:', '  - { name: a, zone: app }',
      `  - { name: b, zone: app, ports: [{ name: http, port: 8080 }], allowFrom: [{ service: a, zoneRuleException: "${'['.repeat(100)}" }] } # ${'{'.repeat(100)}`, ''].join('\n'));
    expect(ZeroTrustBlueprint.loadProps(file).services[1].allowFrom?.[0].zoneRuleException).toBe('['.repeat(100));
  });

  it('forty thousand syntax errors: the first 50 with line and column, then how many more', () => {
    const err = loadError(']['.repeat(20_000));
    expect(err.issues.length).toBe(MAX_LISTED_ISSUES + 1);
    expect(err.issues.filter((i) => i.code === 'ZT-INPUT-002')).toHaveLength(MAX_LISTED_ISSUES);
    expect(err.issues.find((i) => i.code === 'ZT-INPUT-006')?.message).toMatch(/^39948 more YAML syntax errors follow/);
    expect(err.issues[1].message).toMatch(/\(line 1, column \d+\)$/);
  });
});

describe('blueprints with many problems', () => {
  it('the message lists the first 50 and says how many more; `issues` has all of them', () => {
    const props = mutated((b) => { for (let i = 0; i < 300; i++) b.services.push({ name: `Bad_${i}`, zone: 'app' }); });
    let err: unknown;
    try {
      synthBlueprint(props);
    } catch (e) {
      err = e;
    }
    expect(isBlueprintError(err)).toBe(true);
    const { issues, message } = err as BlueprintError;
    expect(issues).toHaveLength(600);
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid zero-trust blueprint (600 problems):');
    expect(lines).toHaveLength(1 + MAX_LISTED_ISSUES + 1);
    expect(lines[lines.length - 1]).toMatch(/^ {2}… and 550 more/);
  });
});

describe('names JavaScript reserves', () => {
  it('a service, a zone and a port named constructor synthesize under their own names', () => {
    const manifests = synthBlueprint(mutated((b) => {
      b.zones = [{ name: 'dmz' }, { name: 'constructor', role: 'app' }, { name: 'data' }, { name: 'management' }];
      b.zoneRules = [{ from: 'dmz', to: 'constructor' }, { from: 'constructor', to: 'data' }];
      b.services[1].zone = 'constructor';
      b.services[1].name = 'constructor';
      b.services[1].ports[0].name = 'constructor';
      b.services[2].allowFrom = [{ service: 'constructor' }];
    }));
    expect(findObject(manifests, 'Namespace', undefined, 'constructor')).toBeDefined();
    expect(findObject(manifests, 'Service', 'constructor', 'constructor').spec.ports[0].name).toBe('constructor');
    expect(findObject(manifests, 'Server', 'constructor', 'constructor-constructor').spec.port).toBe('constructor');
  });

  it.each(['constructor', '__proto__', 'prototype'])('a label key %s is refused with its path', (key) => {
    const selector = Object.defineProperty({}, key, { value: 'x', enumerable: true });
    expect(issuesOf(mutated((b) => { b.services[1].selector = selector; }))).toContainEqual({
      code: 'ZT-INPUT-007', path: `services[1].selector.${key}`, message: expect.stringMatching(new RegExp(`^"${key}" cannot be used as a key`)),
    });
  });

  it('toString and hasOwnProperty are ordinary label keys', () => {
    const manifests = synthBlueprint(mutated((b) => { b.services[1].selector = { toString: 'x', hasOwnProperty: 'y' }; }));
    expect(findObject(manifests, 'Service', 'app', 'api').spec.selector).toEqual({ toString: 'x', hasOwnProperty: 'y' });
  });
});

describe('messages for values that print badly', () => {
  it.each([
    ['NaN', NaN, 'must be a number (found NaN, YAML\'s .nan): write a finite number'],
    ['Infinity', Infinity, 'must be a number (found Infinity, YAML\'s .inf): write a finite number'],
    ['-Infinity', -Infinity, 'must be a number (found -Infinity, YAML\'s -.inf): write a finite number'],
    ['a quoted number', '8080', 'must be a number (found string "8080"): remove the quotes'],
  ])('%s as a port number', (_, value, message) => {
    expect(issuesOf(mutated((b) => { b.services[1].ports[0].port = value; }))).toContainEqual({ code: 'ZT-SCHEMA-001', path: 'services[1].ports[0].port', message });
  });

  it('an undefined list element', () => {
    expect(issuesOf(mutated((b) => { b.services[1].ports[0] = undefined; }))).toContainEqual({
      code: 'ZT-SCHEMA-001', path: 'services[1].ports[0]', message: 'must be an object (found nothing: the element is undefined): remove the empty element or give it a value',
    });
  });

  it('.nan in a YAML file', () => {
    const err = loadError('services:\n  - { name: a, zone: app, ports: [{ name: http, port: .nan }] }\n');
    expect(err.issues).toEqual([{ code: 'ZT-SCHEMA-001', path: 'services[0].ports[0].port', message: 'must be a number (found NaN, YAML\'s .nan): write a finite number' }]);
  });
});

describe('the error type is importable', () => {
  it('from the cdk8s-zero-trust/errors entry point of the built package', () => {
    const entry = require.resolve('cdk8s-zero-trust/errors');
    expect(entry).toMatch(/build[/\\]errors[/\\]index\.js$/);
    const published = require(entry);
    const built = require('../../build');
    let err: unknown;
    try {
      built.ZeroTrustBlueprint.loadProps(join(dir, 'missing.yaml'));
    } catch (e) {
      err = e;
    }
    expect(published.isBlueprintError(err)).toBe(true);
    expect(err).toBeInstanceOf(published.BlueprintError);
    expect(published.isBlueprintError(new Error('x'))).toBe(false);
  });
});
