// One measurement in a process of its own, so peak RSS belongs to it alone. Prints one JSON line.
//   tsx bench/measure.ts library <size> <variant> <docs.json>   synthesizes, writes the documents
//   tsx bench/measure.ts floor <docs.json>                      emits the same documents as bare ApiObjects
//   tsx bench/measure.ts paths <size> <variant> <tree.json>     writes each document with its construct path (untimed)
//   tsx bench/measure.ts floor-at-paths <tree.json>             the floor, each ApiObject at the library's path
//                                                               (plain Constructs for the scopes): what the tree's shape costs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { builtLibrary } from './built-library';
import { mainThreadCpuSeconds } from './main-thread-cpu';
import { scaleBlueprint } from './scale-blueprint';

const [mode, ...args] = process.argv.slice(2);
// Loaded in every mode, before anything is timed: the floor's process holds the same code.
const { ZeroTrustBlueprint } = builtLibrary();

/**
 * Synthesizes a chart to YAML in a throw-away directory, as `cdk8s synth` does; returns the wall seconds
 * and the CPU seconds (user + system) of this process, which the other work on a shared machine does not
 * inflate, and of its main thread alone (where Linux tells it).
 */
function timedSynth(build: (chart: Chart) => void): { seconds: number; cpuSeconds: number; mainThreadCpuSeconds?: number; peakRssBytes: number; docs: any[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'zt-bench-'));
  try {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const mainStart = mainThreadCpuSeconds();
    const app = new App({ outdir });
    const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
    build(chart);
    app.synth();
    const cpu = process.cpuUsage(cpuStart);
    const mainEnd = mainThreadCpuSeconds();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // The peak of the synthesis itself (the floor's includes the documents it reads), taken before this
    // benchmark renders the documents once more and serializes them for its own statistics.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      mainThreadCpuSeconds: mainStart === undefined || mainEnd === undefined ? undefined : mainEnd - mainStart,
      peakRssBytes,
      docs: mode === 'library' ? chart.toJson() : [],
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...result, processPeakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

if (mode === 'library') {
  const [size, variant, docsFile] = args;
  const props = scaleBlueprint(Number(size), { zoneFlows: variant === 'zone-flows' });
  const { seconds, cpuSeconds, mainThreadCpuSeconds: mainCpu, peakRssBytes, docs } = timedSynth((chart) => { new ZeroTrustBlueprint(chart, 'bp', props); });
  const sizes = docs.map((d) => Buffer.byteLength(JSON.stringify(d)));
  const largest = sizes.indexOf(Math.max(...sizes));
  writeFileSync(docsFile, JSON.stringify(docs));
  report({
    seconds,
    cpuSeconds,
    mainThreadCpuSeconds: mainCpu,
    peakRssBytes,
    services: props.services.length,
    documents: docs.length,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
    largestBytes: sizes[largest],
    largestObject: `${docs[largest].kind} ${docs[largest].metadata.namespace ?? ''}/${docs[largest].metadata.name}`,
  });
} else if (mode === 'floor') {
  const docs: any[] = JSON.parse(readFileSync(args[0], 'utf8'));
  const { seconds, cpuSeconds, mainThreadCpuSeconds: mainCpu, peakRssBytes } = timedSynth((chart) => {
    docs.forEach((d, i) => new ApiObject(chart, `o${i}`, d));
  });
  report({ seconds, cpuSeconds, mainThreadCpuSeconds: mainCpu, peakRssBytes, documents: docs.length });
} else if (mode === 'paths') {
  const [size, variant, treeFile] = args;
  // Rendered, never synthesized: the app writes nothing.
  const chart = new Chart(new App(), 'bench', { disableResourceNameHashes: true });
  new ZeroTrustBlueprint(chart, 'bp', scaleBlueprint(Number(size), { zoneFlows: variant === 'zone-flows' }));
  const objects = chart.node.findAll().filter(ApiObject.isApiObject) as ApiObject[];
  // The ids below the chart, the object's own last.
  writeFileSync(treeFile, JSON.stringify(objects.map((o) => [o.node.scopes.slice(2).map((c) => c.node.id), o.toJson()])));
  report({ documents: objects.length });
} else if (mode === 'floor-at-paths') {
  const tree: [string[], any][] = JSON.parse(readFileSync(args[0], 'utf8'));
  const { seconds, cpuSeconds, peakRssBytes } = timedSynth((chart) => {
    for (const [ids, doc] of tree) {
      let scope: Construct = chart;
      for (const id of ids.slice(0, -1)) {
        scope = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
      }
      new ApiObject(scope, ids[ids.length - 1], doc);
    }
  });
  report({ seconds, cpuSeconds, peakRssBytes, documents: tree.length });
} else {
  throw new Error(`usage: measure.ts library <size> <variant> <docs.json> | floor <docs.json> | paths <size> <variant> <tree.json> | floor-at-paths <tree.json> (got "${mode}")`);
}
