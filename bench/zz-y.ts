import { App, Chart, Yaml } from 'cdk8s';
const t = (label: string, f: () => any) => { const s = process.cpuUsage(); const r = f(); const u = process.cpuUsage(s); console.log(label, ((u.user + u.system) / 1e6).toFixed(2)); return r; };
const copy = JSON.parse(require('fs').readFileSync('/tmp/docs5000.json', 'utf8')).slice(0, 8000);
const mode = process.argv[2];
const { scaleBlueprint } = require('./scale-blueprint');
const props = scaleBlueprint(5000);
const keep: any[] = [];
if (mode === 'model') { const { buildModel } = require('../lib/model'); keep.push(t('model', () => buildModel(props))); }
if (mode === 'model3') { const { buildModel } = require('../lib/model'); for (let i = 0; i < 3; i++) keep.push(t('model', () => buildModel(props))); }
if (mode === 'full') { const { ZeroTrustBlueprint } = require('../lib'); const app = new App({ outdir: '/tmp/kout' }); const chart = new Chart(app, 'bench', { disableResourceNameHashes: true }); keep.push(t('build', () => new ZeroTrustBlueprint(chart, 'bp', props))); }
t(`yaml after ${mode}`, () => Yaml.stringify(...copy));
