import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BlueprintError, buildModel } from '../../lib/model';
import { checkDnsLabel, checkDnsSubdomain, checkPortName, checkPortNumber, parseCidr } from '../../lib/model/names';
import { parseGoDuration } from '../../lib/model/go-duration';
import { ZeroTrustBlueprint } from '../../lib';
import { validBlueprint as generatedBlueprint } from '../property/blueprint-arbitrary';
import { runs, seed } from '../property/settings';
import { keycloakBlueprint } from '../keycloak/fixtures';
import { editorSchema, editorSchemaErrors } from '../support/schema-constraints';
import { exampleProps } from '../support/synth';
import { validBlueprint } from './fixtures';

// The JSON Schema's value constraints (from the props' @pattern, @minimum, @maximum, @asType tags) must
// never reject what the library accepts, and should reject what it refuses wherever a regex or a range
// can say so. Each pattern is compared with the library's own check on generated strings.

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schema', 'blueprint.schema.json'), 'utf8'));
const defs = schema.definitions;
const REFERENCE_YAML = join(__dirname, '..', '..', 'examples', 'reference-platform', 'blueprint.yaml');

/** Codes the library reports for a value in a minimal blueprint (the oracle for checks without an exported helper). */
function codesFor(blueprint: unknown): string[] {
  try {
    buildModel(blueprint as any);
    return [];
  } catch (e) {
    if (!(e instanceof BlueprintError)) throw e;
    return e.issues.map((i) => i.code);
  }
}

const lower = 'abcxyz0189-';
const str = (chars: string, maxLength: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength });
const hex = fc.stringMatching(/^[0-9a-fA-F]{1,5}$/);
// Boundaries first: the largest octet and prefix lengths, and the leading zeros the library accepts in a prefix.
const ipv4Part = fc.oneof(fc.constantFrom('0', '9', '10', '99', '199', '249', '255', '256', '00', '01'), fc.integer({ min: 0, max: 300 }).map(String));
const prefix = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('0', '8', '32', '33', '64', '99', '128', '129', '032', '033', '0128', '000', '') }, fc.integer({ min: 0, max: 140 }).map(String), fc.stringMatching(/^0{1,2}[0-9]{1,2}$/));
const ipv6 = fc.tuple(fc.array(hex, { maxLength: 9 }), fc.array(hex, { maxLength: 9 }), fc.boolean())
  .map(([head, tail, compress]) => (compress ? `${head.join(':')}::${tail.join(':')}` : [...head, ...tail].join(':')));
const cidrLike = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.array(ipv4Part, { minLength: 4, maxLength: 4 }), prefix).map(([parts, p]) => `${parts.join('.')}/${p}`) },
  fc.tuple(fc.array(ipv4Part, { minLength: 3, maxLength: 5 }), prefix).map(([parts, p]) => `${parts.join('.')}/${p}`),
  { weight: 2, arbitrary: fc.tuple(ipv6, prefix).map(([a, p]) => `${a}/${p}`) },
  str('0123456789abcdef:./', 24),
);
const durationLike = fc.oneof(
  fc.array(fc.tuple(fc.stringMatching(/^([0-9]{0,3}(\.[0-9]{0,2})?)$/), fc.constantFrom('ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h', 'd', 'w', 'y', '')), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([n, u]) => n + u).join('')),
  fc.constantFrom('0', '+1h', '-1h', '+0', '', '1h ', 'h'),
  str('0123456789.hms+', 8),
);
const label = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z0-9][-a-z0-9]{${min},${max}}[a-z0-9]$`));

interface PatternOracle {
  readonly name: string;
  /** Where the schema carries the pattern (any field with it will do). */
  readonly pattern: string;
  readonly maxLength?: number;
  readonly values: fc.Arbitrary<string>;
  /** The library's verdict on the value. */
  readonly accepts: (value: string) => boolean;
  /** The schema says exactly what the library says; otherwise it only never rejects what the library accepts. */
  readonly exact: boolean;
}

const realmOf = (realm: string) => ({ ...keycloakBlueprint(), keycloak: { ...keycloakBlueprint().keycloak!, realm } });
const keyNamed = (name: string) => ({ ...keycloakBlueprint(), keycloak: { ...keycloakBlueprint().keycloak!, signingKeys: [{ name }] } });
const windowOf = (window: string) => ({ ...validBlueprint(), alerting: { enabled: true, namespace: 'monitoring', meshDenials: { window } } });

const ORACLES: PatternOracle[] = [
  { name: 'DNS-1123 label', pattern: defs.ServiceProps.properties.name.pattern, maxLength: 63, exact: true,
    values: fc.oneof(str(lower + 'A._', 12), label(55, 65)), accepts: (v) => checkDnsLabel(v) === undefined },
  { name: 'DNS-1123 subdomain', pattern: defs.ServiceAccountProps.properties.name.pattern, maxLength: 253, exact: true,
    values: fc.oneof(str(lower + '.A_', 16), fc.array(label(55, 62), { minLength: 3, maxLength: 5 }).map((ls) => ls.join('.'))),
    accepts: (v) => checkDnsSubdomain(v) === undefined },
  { name: 'port name', pattern: defs.ServicePortProps.properties.name.pattern, maxLength: 15, exact: true,
    values: fc.oneof(str(lower, 17), str('0123-', 5)), accepts: (v) => checkPortName(v) === undefined },
  { name: 'CIDR (syntax; the library also refuses host bits)', pattern: defs.AdminNetworkProps.properties.cidrs.items.pattern, exact: true,
    values: cidrLike, accepts: (v) => parseCidr(v) !== undefined },
  { name: 'Go duration (cert-manager)', pattern: defs.ServiceTlsProps.properties.duration.pattern, exact: false,
    values: durationLike, accepts: (v) => parseGoDuration(v) !== undefined },
  { name: 'role name', pattern: defs.RoleProps.properties.name.pattern, exact: true,
    values: fc.oneof(str(lower + '_A', 10), fc.stringMatching(/^[a-z][a-z0-9_-]{60,64}$/)),
    accepts: (v) => !codesFor({ services: [], roles: [{ name: v }] }).includes('ZT-ROLE-001') },
  { name: 'realm name', pattern: defs.KeycloakProps.properties.realm.pattern, exact: true,
    values: fc.oneof(str(lower + '_A.', 10), fc.constantFrom('master', 'Master', 'master2')),
    accepts: (v) => !codesFor(realmOf(v)).includes('ZT-KC-005') },
  { name: 'signing key name', pattern: defs.KeycloakSigningKeyProps.properties.name.pattern, exact: true,
    values: str(lower + 'A_', 10), accepts: (v) => !codesFor(keyNamed(v)).includes('ZT-KC-405') },
  { name: 'Prometheus duration', pattern: defs.AlertRuleProps.properties.window.pattern, exact: true,
    values: durationLike.filter((v) => !/^0+[a-z]+$/.test(v)), accepts: (v) => !codesFor(windowOf(v)).includes('ZT-AUDIT-006') },
];

function schemaAccepts(oracle: PatternOracle, value: string): boolean {
  return new RegExp(oracle.pattern, 'u').test(value) && (oracle.maxLength === undefined || value.length <= oracle.maxLength);
}

/** Every `pattern` in the schema, with the `maxLength` next to it. */
function schemaPatterns(node: unknown, found = new Map<string, Set<number | undefined>>()): Map<string, Set<number | undefined>> {
  if (Array.isArray(node)) {
    node.forEach((n) => schemaPatterns(n, found));
  } else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (typeof n.pattern === 'string') {
      found.set(n.pattern, (found.get(n.pattern) ?? new Set()).add(n.maxLength as number | undefined));
    }
    Object.values(n).forEach((v) => schemaPatterns(v, found));
  }
  return found;
}

describe('JSON Schema value constraints', () => {
  it('every pattern in the schema is one compared with the library below, always with the same length limit', () => {
    const known = new Map(ORACLES.map((o) => [o.pattern, o.maxLength]));
    for (const [pattern, lengths] of schemaPatterns(schema)) {
      expect(known.has(pattern), `pattern without a library oracle: ${pattern}`).toBe(true);
      expect([...lengths]).toEqual([known.get(pattern)]);
    }
  });

  it.each(ORACLES.map((o) => [o.name, o] as const))('%s: the schema never rejects a value the library accepts', (_, oracle) => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(oracle.values, (value) => {
      const library = oracle.accepts(value);
      const editor = schemaAccepts(oracle, value);
      library ? accepted++ : rejected++;
      if (library) {
        expect(editor, `the library accepts ${JSON.stringify(value)}`).toBe(true);
      } else if (oracle.exact) {
        expect(editor, `the library refuses ${JSON.stringify(value)}`).toBe(false);
      }
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 250) });
    // The generator must exercise both verdicts, or the comparison proves nothing.
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it('port numbers: integer from 1 to 65535 in the schema, exactly as the library checks them', () => {
    const port = defs.ServicePortProps.properties.port;
    expect(port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
    const validate = editorSchema();
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.double({ min: -5, max: 70000, noNaN: true })), (n) => {
      const b = validBlueprint() as any;
      b.services[1].ports[0].port = n;
      expect(validate(b)).toBe(checkPortNumber(n) === undefined);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 250) });
  });

  it('accepts every generated valid blueprint (the property suite\'s generator), which the library accepts too', () => {
    fc.assert(fc.property(generatedBlueprint, (blueprint) => {
      expect(codesFor(blueprint)).toEqual([]);
      expect(editorSchemaErrors(blueprint)).toEqual([]);
    }), { seed: seed(), numRuns: runs('ZT_PROPERTY_RUNS', 250) });
  });

  it('accepts the reference platform and the fixtures', () => {
    expect(editorSchemaErrors(exampleProps())).toEqual([]);
    expect(editorSchemaErrors(validBlueprint())).toEqual([]);
    expect(editorSchemaErrors(keycloakBlueprint())).toEqual([]);
  });
});

describe('$schema in a blueprint file', () => {
  it('the reference blueprint names the schema in its modeline and validates against it', () => {
    const text = readFileSync(REFERENCE_YAML, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/blueprint.schema.json');
    expect(editorSchemaErrors(parse(text))).toEqual([]);
  });

  it('a top-level `$schema` key passes the schema and the library, and is no part of the blueprint', () => {
    const withKey = { $schema: './node_modules/cdk8s-zero-trust/schema/blueprint.schema.json', ...validBlueprint() };
    expect(editorSchemaErrors(withKey)).toEqual([]);
    const file = join(require('os').tmpdir(), `zt-schema-key-${process.pid}.json`);
    require('fs').writeFileSync(file, JSON.stringify(withKey));
    expect(ZeroTrustBlueprint.loadProps(file)).toEqual(validBlueprint());
    expect(editorSchemaErrors({ ...validBlueprint(), $schema: 42 }).map((e) => e.path)).toEqual(['$schema']);
  });
});
