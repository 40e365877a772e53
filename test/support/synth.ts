import { App, Chart, Testing } from 'cdk8s';
import { ZeroTrustBlueprint, ZeroTrustBlueprintProps } from '../../lib';
import type { BlueprintModel } from '../../lib/model';
import { addWorkloads } from '../../examples/reference-platform/workloads';

export const EXAMPLE_BLUEPRINT = `${__dirname}/../../examples/reference-platform/blueprint.yaml`;

/** Synthesizes a blueprint (and, if asked, a bound Deployment per service) into manifest objects. */
export function synthBlueprint(props: ZeroTrustBlueprintProps, opts: { workloads?: boolean } = {}): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', props);
  if (opts.workloads) {
    addWorkloads(chart, blueprint);
  }
  return Testing.synth(chart);
}

/** A blueprint's model and its synthesized manifests, for tests that hold the rendered objects to the model. */
export function synthModelAndManifests(props: ZeroTrustBlueprintProps): { model: BlueprintModel; manifests: any[] } {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', props);
  return { model: blueprint._model, manifests: Testing.synth(chart) };
}

/** The reference platform exactly as `cdk8s synth` builds it. */
export function synthExample(): { manifests: any[]; blueprint: ZeroTrustBlueprint; app: App } {
  const app = Testing.app();
  const chart = new Chart(app, 'reference-platform', { disableResourceNameHashes: true });
  const blueprint = ZeroTrustBlueprint.fromFile(chart, 'blueprint', EXAMPLE_BLUEPRINT);
  addWorkloads(chart, blueprint);
  return { manifests: Testing.synth(chart), blueprint, app };
}

export function exampleProps(): ZeroTrustBlueprintProps {
  return ZeroTrustBlueprint.loadProps(EXAMPLE_BLUEPRINT);
}

/** Finds one object by kind, namespace and name; fails the test when missing. */
export function findObject(manifests: any[], kind: string, namespace: string | undefined, name: string): any {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name && m.metadata?.namespace === namespace);
  if (!found) {
    throw new Error(`no ${kind} ${namespace ?? ''}/${name} in the output`);
  }
  return found;
}
