import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { synthesizeBlueprint } from './blueprint-synth';
import { InputError } from './cli-errors';

/** Manifests to analyze, and where they come from. */
export interface RenderedPlatform {
  /** The blueprint file or manifest directory. */
  readonly source: string;
  readonly fromBlueprint: boolean;
  readonly manifests: any[];
}

/**
 * The rendered manifests of a blueprint file (synthesized with a stand-in workload bound to every
 * service) or of a directory of `*.yaml` manifests (a `cdk8s synth` output, with the real workloads).
 */
export function loadRendered(path: string): RenderedPlatform {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (!isDir) {
    const result = synthesizeBlueprint(path, { standIns: true });
    try {
      return { source: path, fromBlueprint: true, manifests: result.manifestFiles.flatMap(parseManifests) };
    } finally {
      result.discard();
    }
  }
  const files = readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f));
  if (files.length === 0) {
    throw new InputError(`${path} holds no *.yaml manifests: pass a blueprint file or the output directory of a synth`);
  }
  return { source: path, fromBlueprint: false, manifests: files.flatMap(parseManifests) };
}

function parseManifests(file: string): any[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) {
    throw new InputError(`${file} is not valid YAML: ${broken.errors[0].message}`);
  }
  return docs.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}
