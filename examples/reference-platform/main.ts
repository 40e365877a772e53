import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { ZeroTrustBlueprint } from '../../lib';
import { exitOnBlueprintError } from '../exit-on-blueprint-error';
import { addWorkloads } from './workloads';

/** Synthesizes the reference platform into `dist/` (the blueprint file can be overridden for tests). */
exitOnBlueprintError(() => {
  // With a validation plugin in cdk8s.yaml, the CLI asks the app for `construct-metadata.json` (object name
  // to construct path, for the report); it would land in dist/, which holds only Kubernetes manifests.
  const app = new App({ recordConstructMetadata: false });
  const chart = new Chart(app, 'reference-platform', { disableResourceNameHashes: true });
  const blueprintFile = process.env.ZT_BLUEPRINT ?? join(__dirname, 'blueprint.yaml');
  const blueprint = ZeroTrustBlueprint.fromFile(chart, 'blueprint', blueprintFile);
  addWorkloads(chart, blueprint);
  app.synth();
  // The realm also as a plain file for `kc.sh import`: dist-keycloak/<realm>-realm.json. Not in dist/
  // itself, which holds only Kubernetes manifests (`kubectl apply -f dist/` would reject the file).
  blueprint.writeRealmFile(`${app.outdir}-keycloak`);
});
