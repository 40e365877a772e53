// `npm run bench`: synthesis time, memory and output size at growing scale, against the floor of
// emitting the same documents as bare cdk8s ApiObjects. Each measurement runs in its own process.
//   ZT_BENCH_SIZES=1000,5000,10000 (default)   ZT_BENCH_ZONE_FLOW_SIZES=1000 (default)   ZT_BENCH_RUNS=5 (default)
//   ZT_BENCH_ALWAYS_SIZES=1000,5000 (default): the layer check evaluating unchanged output too (CDK8S_ZERO_TRUST_LAYER_CHECK=always)
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir, totalmem } from 'os';
import { join } from 'path';
import { builtEntryOrExit } from './built-library';

interface Row {
  size: number; library: any; floor: any; libraryRuns: number[]; libraryRss: number[]; floorRuns: number[]; ratios: number[]; wallRatios: number[];
  /** Each run's CPU seconds on the main thread and on the other threads, where the platform tells them. */
  threads?: { libraryMain: number[]; floorMain: number[]; libraryOther: number[]; floorOther: number[]; mainRatios: number[] };
}

const sizes = (process.env.ZT_BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
/** Each size is measured this many times, library and floor in pairs; the tables give the medians. */
const runs = Math.max(1, Number(process.env.ZT_BENCH_RUNS ?? '5'));
const zoneFlowSizes = (process.env.ZT_BENCH_ZONE_FLOW_SIZES ?? '1000').split(',').filter(Boolean).map(Number);
const alwaysSizes = (process.env.ZT_BENCH_ALWAYS_SIZES ?? '1000,5000').split(',').filter(Boolean).map(Number);
builtEntryOrExit();
const work = mkdtempSync(join(tmpdir(), 'zt-bench-'));
const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');

/** The layer check's mode in the measuring processes: the default unless a table asks for another. */
let layerCheck: string | undefined;

function measure(...args: string[]): any {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' };
  if (layerCheck === undefined) delete env.CDK8S_ZERO_TRUST_LAYER_CHECK;
  else env.CDK8S_ZERO_TRUST_LAYER_CHECK = layerCheck;
  const out = execFileSync(tsx, [join(__dirname, 'measure.ts'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/**
 * Measures the library and the floor `runs` times each, in back-to-back pairs, so a burst of load on the
 * shared machine falls on both; returns the runs with the median CPU time of each, and each pair's ratio.
 * The pairs alternate which goes first (the floor reuses the documents of the previous library run: they
 * are the same every time), so a machine that speeds up or slows down during a pair favours neither.
 */
function run(variant: string, n: number): Row {
  const docsFile = join(work, `${variant}-${n}.json`);
  const libraries: any[] = [];
  const floors: any[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      libraries.push(measure('library', String(n), variant, docsFile));
      floors.push(measure('floor', docsFile));
    } else {
      floors.push(measure('floor', docsFile));
      libraries.push(measure('library', String(n), variant, docsFile));
    }
  }
  const cpu = (r: any) => r.cpuSeconds as number;
  const ratios = libraries.map((l, i) => cpu(l) / cpu(floors[i]));
  const wallRatios = libraries.map((l, i) => l.seconds / floors[i].seconds);
  const main = (r: any) => r.mainThreadCpuSeconds as number;
  const threads = [...libraries, ...floors].every((r) => typeof r.mainThreadCpuSeconds === 'number')
    ? {
      libraryMain: libraries.map(main), floorMain: floors.map(main),
      libraryOther: libraries.map((l) => cpu(l) - main(l)), floorOther: floors.map((f) => cpu(f) - main(f)),
      mainRatios: libraries.map((l, i) => main(l) / main(floors[i])),
    }
    : undefined;
  return {
    size: n, library: median(libraries, cpu), floor: median(floors, cpu), libraryRuns: libraries.map(cpu),
    libraryRss: libraries.map((l) => l.peakRssBytes as number), floorRuns: floors.map(cpu), ratios, wallRatios, threads,
  };
}

/** The run with the median value (the upper one of an even count). */
function median<T>(items: T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)];
}

/** The median of `values` (the upper one of an even count). */
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of `values` and, for several, their range: `1.23× (1.10–1.31)`. */
function medianRatio(values: number[]): string {
  const m = medianOf(values);
  return `${m.toFixed(2)}×${values.length < 2 ? '' : ` (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`}`;
}

/** A peak RSS in whole MiB, with the range of the runs' when there are several: `830 MiB (720–1,041)`. */
const rss = (median: number, values: number[]) => `${wholeMib(median)} MiB${values.length < 2 ? '' : ` (${wholeMib(Math.min(...values))}–${wholeMib(Math.max(...values))})`}`;
const wholeMib = (bytes: number) => Math.round(bytes / 1024 / 1024).toLocaleString('en-US');

const range = (values: number[]) => values.length < 2 ? '' : `, ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Growth per doubling of the size: `growth` over a step of ×`scale`, as ×2 steps. */
const perDoubling = (growth: number, scale: number) => growth ** (1 / Math.log2(scale));

/** Prints a table row by row as each size is measured (a long run shows its progress), then the growth. */
function table(title: string, sizesToRun: number[], variant: string): void {
  console.log(`\n${title}\n`);
  console.log(`Times are CPU seconds of the process (user + system; the machine is shared), the median of ${runs} run${runs > 1 ? 's' : ''} of each, library and floor`);
  console.log(`in back-to-back pairs; in parentheses the median run's wall seconds${runs > 1 ? ' and the range of the runs\' CPU seconds' : ''}. The ratio is the median of`);
  console.log(`the pairs' ratios${runs > 1 ? ' (their range in parentheses)' : ''}: on a shared machine whose speed drifts, a pair measured together compares better than two medians.`);
  console.log('The wall ratio is the same for the pairs\' wall seconds: the time a user waits, in which V8\'s background threads');
  console.log('(the optimizing compiler, concurrent marking) run beside the main thread; the target is judged on CPU seconds.');
  console.log('Peak RSS and sizes are the median run\'s; the library\'s peak RSS has the range of its runs in parentheses, and each');
  console.log('size\'s library runs are listed below the table with their CPU seconds and peak RSS (V8 may collect at different');
  console.log('moments in runs of the same code, which moves both).');
  console.log('Peak RSS is taken at the end of the synthesis (the floor\'s includes the documents it reads).\n');
  console.log('| services | documents | library | bare ApiObjects | ratio | wall ratio | library peak RSS | floor peak RSS | total size | largest object |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const rows: Row[] = [];
  for (const n of sizesToRun) {
    const r = run(variant, n);
    rows.push(r);
    console.log(`| ${r.library.services} | ${r.library.documents} | ${r.library.cpuSeconds.toFixed(2)} s (${r.library.seconds.toFixed(1)} s${range(r.libraryRuns)}) | ${r.floor.cpuSeconds.toFixed(2)} s (${r.floor.seconds.toFixed(1)} s${range(r.floorRuns)}) | ${medianRatio(r.ratios)} | ${medianRatio(r.wallRatios)} | ${rss(r.library.peakRssBytes, r.libraryRss)} | ${wholeMib(r.floor.peakRssBytes)} MiB | ${mb(r.library.totalBytes)} | ${kb(r.library.largestBytes)} (${r.library.largestObject}) |`);
  }
  for (const r of rows) {
    console.log(`${r.library.services} services, library runs: ${r.libraryRuns.map((c, i) => `${c.toFixed(2)} s ${wholeMib(r.libraryRss[i])} MiB`).join(', ')}`);
  }
  for (const { library, threads: t } of rows) {
    if (t !== undefined) {
      console.log(`${library.services} services, by thread (medians of the runs): the main thread ${medianOf(t.libraryMain).toFixed(2)} s against the floor's ${medianOf(t.floorMain).toFixed(2)} s, ratio ${medianRatio(t.mainRatios)}; the other threads (V8's optimizing compiler and the collector's helpers) ${medianOf(t.libraryOther).toFixed(2)} s against ${medianOf(t.floorOther).toFixed(2)} s`);
    }
  }
  for (let i = 1; i < rows.length; i++) {
    const scale = rows[i].size / rows[i - 1].size;
    const growth = rows[i].library.cpuSeconds / rows[i - 1].library.cpuSeconds;
    const floorGrowth = rows[i].floor.cpuSeconds / rows[i - 1].floor.cpuSeconds;
    const size = rows[i].library.totalBytes / rows[i - 1].library.totalBytes;
    console.log(`${rows[i - 1].library.services} → ${rows[i].library.services} services (×${scale}): library time ×${growth.toFixed(2)} (×${perDoubling(growth, scale).toFixed(2)} per doubling; floor ×${perDoubling(floorGrowth, scale).toFixed(2)}), output size ×${size.toFixed(2)} (×${perDoubling(size, scale).toFixed(2)} per doubling)`);
  }
}

try {
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${mb(totalmem())}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  table('Synthesis (app services called by the gateway and their predecessor, each with its own database, routes and a viewer flow on every fifth, a zone flow on every fiftieth, PKI on)',
    sizes, 'default');
  if (zoneFlowSizes.length > 0) {
    table('The same with a zone flow on every service (`allowFrom: [{ zone: app }]`)', zoneFlowSizes, 'zone-flows');
  }
  if (alwaysSizes.length > 0) {
    layerCheck = 'always';
    table('The first blueprint with the layer check evaluating the unchanged output too (`CDK8S_ZERO_TRUST_LAYER_CHECK=always`, what `cdk8s-zero-trust check` does)',
      alwaysSizes, 'default');
    layerCheck = undefined;
  }
  console.log(`\nLoad average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
