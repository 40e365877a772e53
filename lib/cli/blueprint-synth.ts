import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { basename, extname, join } from 'path';
import { App, Chart } from 'cdk8s';
import { ZeroTrustBlueprint } from '../zero-trust-blueprint';
import { addStandInWorkloads } from './stand-in-workloads';

/** What `synthesizeBlueprint` wrote into its scratch directory. */
export interface SynthesizedBlueprint {
  /** Scratch directory holding `manifests/` and `keycloak/`; remove it with `discard()`. */
  readonly dir: string;
  /** The `*.k8s.yaml` files, as cdk8s wrote them. */
  readonly manifestFiles: string[];
  /** `<realm>-realm.json`, when the blueprint has `keycloak`. */
  readonly realmFile?: string;
  readonly blueprint: ZeroTrustBlueprint;
  readonly discard: () => void;
}

export interface SynthesizeOptions {
  /** Chart id: names the output file `<chart>.k8s.yaml`. @default - the blueprint file's name without extension */
  readonly chart?: string;
  /**
   * Bind a stand-in Deployment to every service (the operator runs Keycloak), so the analyzers see one
   * workload per service, as a platform with its real workloads bound would render them.
   * @default false
   */
  readonly standIns?: boolean;
  /**
   * Evaluate the synth-time layer check on the blueprint's own unchanged output too, as a check of the
   * planners on this blueprint (`CDK8S_ZERO_TRUST_LAYER_CHECK=always`).
   * @default - as the environment says: only when an object was changed
   */
  readonly checkLayersAlways?: boolean;
}

/** The chart id `synth` uses for a blueprint file: its name without the extension. */
export function defaultChartId(file: string): string {
  return basename(file, extname(file));
}

/**
 * Synthesizes a blueprint file exactly as `cdk8s synth` would a chart holding
 * `ZeroTrustBlueprint.fromFile` (same construct tree, same bytes), into a fresh scratch directory. An
 * invalid blueprint throws before anything is written, and the caller copies the result only on success.
 */
export function synthesizeBlueprint(file: string, options: SynthesizeOptions = {}): SynthesizedBlueprint {
  const props = ZeroTrustBlueprint.loadProps(file);
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-zero-trust-'));
  const discard = () => rmSync(dir, { recursive: true, force: true });
  try {
    const manifestDir = join(dir, 'manifests');
    const app = new App({ outdir: manifestDir });
    const chart = new Chart(app, options.chart ?? defaultChartId(file));
    const blueprint = new ZeroTrustBlueprint(chart, 'blueprint', props);
    if (options.checkLayersAlways) {
      blueprint._checkLayersAlways();
    }
    if (options.standIns) {
      addStandInWorkloads(chart, blueprint);
    }
    app.synth();
    const realmFile = blueprint.writeRealmFile(join(dir, 'keycloak'));
    const manifestFiles = readdirSync(manifestDir).filter((f) => f.endsWith('.k8s.yaml')).sort().map((f) => join(manifestDir, f));
    return { dir, manifestFiles, realmFile, blueprint, discard };
  } catch (e) {
    discard();
    throw e;
  }
}
