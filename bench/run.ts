// `npm run bench`: synthesis time, memory and output size at growing scale, against the floor of
// emitting the same documents as bare cdk8s ApiObjects. Each measurement runs in its own process.
//   ZT_BENCH_SIZES=1000,5000,10000 (default)   ZT_BENCH_ZONE_FLOW_SIZES=1000 (default)
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir, totalmem } from 'os';
import { join } from 'path';

interface Row { size: number; library: any; floor: any }

const sizes = (process.env.ZT_BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
const zoneFlowSizes = (process.env.ZT_BENCH_ZONE_FLOW_SIZES ?? '1000').split(',').filter(Boolean).map(Number);
const work = mkdtempSync(join(tmpdir(), 'zt-bench-'));
const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');

function measure(...args: string[]): any {
  const out = execFileSync(tsx, [join(__dirname, 'measure.ts'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function run(variant: string, n: number): Row {
  const docsFile = join(work, `${variant}-${n}.json`);
  const library = measure('library', String(n), variant, docsFile);
  const floor = measure('floor', docsFile);
  return { size: n, library, floor };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(title: string, rows: Row[]): void {
  console.log(`\n${title}\n`);
  console.log('| services | documents | library | bare ApiObjects | ratio | library peak RSS | total size | largest object |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.library.seconds / r.floor.seconds;
    console.log(`| ${r.library.services} | ${r.library.documents} | ${r.library.seconds.toFixed(2)} s | ${r.floor.seconds.toFixed(2)} s | ${ratio.toFixed(2)}× | ${mb(r.library.peakRssBytes)} | ${mb(r.library.totalBytes)} | ${kb(r.library.largestBytes)} (${r.library.largestObject}) |`);
  }
  for (let i = 1; i < rows.length; i++) {
    const growth = rows[i].library.seconds / rows[i - 1].library.seconds;
    const scale = rows[i].size / rows[i - 1].size;
    console.log(`${rows[i - 1].library.services} → ${rows[i].library.services} services (×${scale}): library time ×${growth.toFixed(2)}, output size ×${(rows[i].library.totalBytes / rows[i - 1].library.totalBytes).toFixed(2)}`);
  }
}

try {
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${mb(totalmem())}, Node ${process.version}`);
  table('Synthesis (app services called by the gateway and their predecessor, each with its own database, routes and a viewer flow on every fifth, PKI on)',
    sizes.map((n) => run('default', n)));
  if (zoneFlowSizes.length > 0) {
    table('The same with a zone flow on every service (`allowFrom: [{ zone: app }]`)', zoneFlowSizes.map((n) => run('zone-flows', n)));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
