import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
const t = (label: string, f: () => any) => { const s = process.cpuUsage(); const r = f(); const u = process.cpuUsage(s); console.log(label, ((u.user + u.system) / 1e6).toFixed(2)); return r; };
const all = JSON.parse(require('fs').readFileSync('/tmp/docs5000.json', 'utf8'));
const copy = all.slice(0, 8000);
const mode = process.argv[2];
const app = new App({ outdir: '/tmp/kout' }); const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
if (mode === 'flat') t('flat', () => all.forEach((d: any, i: number) => new ApiObject(chart, `o${i}`, JSON.parse(JSON.stringify(d)))));
if (mode === 'deep') t('deep', () => all.forEach((d: any, i: number) => { let s: Construct = chart; for (let k = 0; k < 6; k++) s = new Construct(s, `c${i}-${k}`); new ApiObject(s, 'Resource', JSON.parse(JSON.stringify(d))); }));
if (mode === 'deepfixed') t('deepfixed', () => all.forEach((d: any, i: number) => { let s: Construct = new Construct(chart, `c${i}`); for (let k = 0; k < 5; k++) s = new Construct(s, `level${k}`); new ApiObject(s, 'Resource', JSON.parse(JSON.stringify(d))); }));
if (mode === 'typed') { const k8s = require('cdk8s-plus-27/lib/imports/k8s'); t('typed', () => all.forEach((d: any, i: number) => { if (d.kind === 'NetworkPolicy') new k8s.KubeNetworkPolicy(chart, `o${i}`, { metadata: d.metadata, spec: d.spec }); else new ApiObject(chart, `o${i}`, JSON.parse(JSON.stringify(d))); })); }
t(`yaml after ${mode}`, () => Yaml.stringify(...copy));
