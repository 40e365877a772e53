import { spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AppProtocol, ZeroTrustBlueprintProps } from '../../lib';
import { BIN, scratch, writeBlueprint } from './cli-run';

// Names that Danish collation orders otherwise than English: "aa" sorts after "z" there.
const APP_SERVICES = ['zebra', 'aardvark', 'zz-ledger', 'aa-billing', 'ab-orders'];
const BLUEPRINT: ZeroTrustBlueprintProps = {
  services: [
    ...APP_SERVICES.map((name) => ({ name, zone: 'app', ports: [{ name: 'http', port: 8080 }], allowFrom: APP_SERVICES.filter((s) => s !== name).map((service) => ({ service })) })),
    { name: 'db', zone: 'data', ports: [{ name: 'postgresql', port: 5432, appProtocol: AppProtocol.OPAQUE }], allowFrom: [{ zone: 'app' }] },
  ],
};

function envIn(locale: string): NodeJS.ProcessEnv {
  return { ...process.env, LANG: locale, LC_ALL: locale, CDK8S_CHECK_UPGRADE: 'false' };
}

function synthIn(locale: string, blueprint: string): Map<string, string> {
  const out = join(scratch(), 'dist');
  const r = spawnSync(process.execPath, [BIN, 'synth', blueprint, '-o', out], { encoding: 'utf8', env: envIn(locale) });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
}

describe('output independent of the machine locale', () => {
  it('the locales below really change how this Node collates (else the test below could not fail)', () => {
    const order = (locale: string) => spawnSync(process.execPath, ['-e', 'console.log(["aa", "z"].sort((a, b) => a.localeCompare(b)).join())'], { encoding: 'utf8', env: envIn(locale) }).stdout.trim();
    expect(order('C.UTF-8')).toBe('aa,z');
    expect(order('da_DK.UTF-8')).toBe('z,aa');
  });

  it('writes the same bytes under English and Danish collation, with names in English order', () => {
    const blueprint = writeBlueprint(BLUEPRINT);
    const english = synthIn('C.UTF-8', blueprint);
    expect(synthIn('da_DK.UTF-8', blueprint)).toEqual(english);
    expect(synthIn('sv_SE.UTF-8', blueprint)).toEqual(english);
    // The zone's callers of db, as the blueprint lists them, in English order (a before z).
    const docs = [...english.values()].flatMap((y) => parseAllDocuments(y).map((d) => d.toJS()));
    const callers = docs.filter((d) => d.kind === 'MeshTLSAuthentication' && d.metadata.namespace === 'data')
      .flatMap((d) => (d.spec.identityRefs ?? []).filter((r: any) => r.kind === 'ServiceAccount').map((r: any) => r.name));
    expect(callers).toEqual([...APP_SERVICES].sort());
  });
});
