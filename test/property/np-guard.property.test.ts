import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { expandPorts } from '../support/declared-connectivity';
import { parseNetpolConn, parseNetpolEndpoint, runNetpolAnalyzer } from '../support/tools';
import { validBlueprint } from './blueprint-arbitrary';
import { Oracle } from './oracle';
import { synthPlatform } from './platform-checks';
import { runs, seed } from './settings';

const SEED = seed();
/** np-guard runs as a process per blueprint: a small sample in `npm test`, more with the env var. */
const SAMPLE = Math.max(4, Math.ceil(runs('ZT_PROPERTY_RUNS', 250) / 50));

describe(`np-guard's netpol-analyzer on generated blueprints (seed ${SEED}, ${SAMPLE} blueprints)`, () => {
  // netpol-analyzer knows the built-in workload kinds only: the Keycloak CR's pods are left out of both sides.
  const sample = fc.sample(validBlueprint.filter((b) => !b.keycloak && b.services.length > 1), { seed: SEED, numRuns: SAMPLE });

  it('the sample declares connections, so the comparison is not vacuous', () => {
    expect(sample.reduce((n, b) => n + new Oracle(b).connectivity().size, 0)).toBeGreaterThan(SAMPLE);
  });

  it.each(sample.map((b, i) => [i, b] as const))('blueprint %i: the connections between its workloads are the declared ones', (_, props) => {
    const { manifests, validation } = synthPlatform(props);
    expect(validation).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'zt-npguard-'));
    writeFileSync(join(dir, 'platform.yaml'), manifests.map((m) => stringify(m)).join('---\n'));
    const oracle = new Oracle(props);
    const names = new Set(oracle.services.map((s) => s.name));
    const found = runNetpolAnalyzer(dir)
      .map((c) => ({ src: parseNetpolEndpoint(c.src), dst: parseNetpolEndpoint(c.dst), conn: parseNetpolConn(c.conn) }))
      .flatMap((c) => ('name' in c.src && 'name' in c.dst && names.has(c.src.name) && names.has(c.dst.name) && c.src.name !== c.dst.name
        ? [`${c.src.name} -> ${c.dst.name}: ${expandPorts(Object.entries(c.conn).map(([protocol, r]) => ({ protocol, ranges: r.map(([from, to]) => ({ from, to })) }))).join(',')}`] : []))
      .sort();
    const declared = [...oracle.connectivity()].map(([pair, ports]) => `${pair}: ${ports.join(',')}`).sort();
    expect(found, `blueprint:\n${stringify(props)}`).toEqual(declared);
  });
});
