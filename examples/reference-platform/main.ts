import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { ZeroTrustBlueprint } from '../../lib';
import { exitOnBlueprintError } from '../exit-on-blueprint-error';
import { addWorkloads } from './workloads';

/** Synthesizes the reference platform into `dist/` (the blueprint file can be overridden for tests). */
exitOnBlueprintError(() => {
  const app = new App();
  const chart = new Chart(app, 'reference-platform', { disableResourceNameHashes: true });
  const blueprintFile = process.env.ZT_BLUEPRINT ?? join(__dirname, 'blueprint.yaml');
  const blueprint = ZeroTrustBlueprint.fromFile(chart, 'blueprint', blueprintFile);
  addWorkloads(chart, blueprint);
  app.synth();
  // The realm also as a plain file for `kc.sh import`: dist-keycloak/<realm>-realm.json. Not in dist/
  // itself, which holds only Kubernetes manifests (`kubectl apply -f dist/` would reject the file).
  blueprint.writeRealmFile(`${app.outdir}-keycloak`);
});
