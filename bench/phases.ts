// Where synthesis time goes, phase by phase, for one generated blueprint (a profiling aid, not a test):
//   tsx bench/phases.ts <size> [default|zone-flows]
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ZeroTrustBlueprint } from '../lib';
import { buildModel } from '../lib/model';
import { layerAgreementProblems } from '../lib/validation/layer-agreement';
import { LAYER_AGREEMENT_KINDS } from '../lib/validation/layer-kinds';
import { RenderFingerprint } from '../lib/validation/render-fingerprint';
import { scaleBlueprint } from './scale-blueprint';

const [size, variant] = process.argv.slice(2);
const props = scaleBlueprint(Number(size), { zoneFlows: variant === 'zone-flows' });
const outdir = mkdtempSync(join(tmpdir(), 'zt-phases-'));
const timings: Record<string, string> = {};
const time = <T>(phase: string, f: () => T): T => {
  // CPU time (user + system) of this process: the machine is shared, wall time would count the others.
  const start = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(start);
  timings[phase] = `${((used.user + used.system) / 1e6).toFixed(2)} s`;
  return result;
};
try {
  time('model alone', () => buildModel(props));
  const app = new App({ outdir });
  const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
  const blueprint = time('constructs (model included)', () => new ZeroTrustBlueprint(chart, 'bp', props));
  const objects = chart.node.findAll().filter(ApiObject.isApiObject);
  time('toJson of every object', () => objects.map((o) => o.toJson()));
  const layerKinds = objects.filter((o) => LAYER_AGREEMENT_KINDS.has(o.kind));
  const layerObjects = time('toJson of the layer-agreement kinds', () => layerKinds.map((o) => o.toJson()));
  // What the check's second validation pass costs instead of rendering the layer kinds again.
  time('layer-agreement fingerprint', () => new RenderFingerprint().digest(layerKinds));
  time('layer-agreement evaluation', () => layerAgreementProblems(blueprint._model, layerObjects));
  time('validations (first run)', () => chart.node.findAll().flatMap((c) => c.node.validate()));
  time('validations (again, unchanged)', () => chart.node.findAll().flatMap((c) => c.node.validate()));
  time('app.synth()', () => app.synth());
  console.log(JSON.stringify({ services: props.services.length, objects: objects.length, ...timings }));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
