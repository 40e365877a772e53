import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import { parseAllDocuments } from 'yaml';
import { synthesizeBlueprint } from './blueprint-synth';
import { CliIo, EXIT } from './cli-io';

export interface SynthArgs {
  readonly blueprint: string;
  /** @default 'dist' */
  readonly outdir?: string;
  /** @default - `<outdir>-keycloak`, outside the manifest directory (`kubectl apply -f dist/` would reject the JSON) */
  readonly realmDir?: string;
  /** @default - the blueprint file's name */
  readonly chart?: string;
}

/**
 * `synth`: the manifests as `cdk8s synth` writes them for a chart holding the blueprint, and the realm
 * as `<realm>-realm.json`. Everything is rendered into a scratch directory first, so an invalid
 * blueprint writes nothing.
 */
export function synthCommand(args: SynthArgs, io: CliIo): number {
  const outdir = args.outdir ?? 'dist';
  const realmDir = args.realmDir ?? `${outdir.replace(/[\\/]+$/, '')}-keycloak`;
  const result = synthesizeBlueprint(args.blueprint, { chart: args.chart });
  try {
    mkdirSync(outdir, { recursive: true });
    const written: string[] = [];
    let objects = 0;
    for (const file of result.manifestFiles) {
      const target = join(outdir, basename(file));
      copyFileSync(file, target);
      written.push(target);
      objects += parseAllDocuments(readFileSync(file, 'utf8')).filter((d) => d.contents !== null).length;
    }
    if (result.realmFile) {
      mkdirSync(realmDir, { recursive: true });
      const target = join(realmDir, basename(result.realmFile));
      copyFileSync(result.realmFile, target);
      written.push(target);
    }
    io.out(`${objects} objects from ${args.blueprint}:\n${written.map((f) => `  ${f}\n`).join('')}`);
    return EXIT.OK;
  } finally {
    result.discard();
  }
}
