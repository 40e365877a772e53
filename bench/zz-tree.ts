import { App, Chart } from 'cdk8s';
import { ZeroTrustBlueprint } from '../lib';
import { scaleBlueprint } from './scale-blueprint';
const app = new App({ outdir: '/tmp/kout' }); const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
new ZeroTrustBlueprint(chart, 'bp', scaleBlueprint(Number(process.argv[2])));
const firsts = new Map<string, string[]>();
for (const c of chart.node.findAll()) { const kids = c.node.children; if (kids.length === 0) continue; const id = kids[0].node.id; const l = firsts.get(id) ?? []; l.push(c.node.path); firsts.set(id, l); }
console.log('parents', [...firsts.values()].reduce((a, b) => a + b.length, 0), 'distinct first-child ids', firsts.size);
const uniq = [...firsts].filter(([, l]) => l.length === 1).slice(0, 15).map(([id, l]) => `${l[0]}  ->  ${id}`);
console.log(uniq.join('\n'));
// shapes of _children key sequences
const shapes = new Set<string>(); for (const c of chart.node.findAll()) shapes.add(c.node.children.map((k) => k.node.id).slice(0, 3).join('|'));
console.log('distinct first-3 child id sequences', shapes.size);
