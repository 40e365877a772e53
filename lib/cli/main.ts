import { parseArgs } from 'util';
import { isBlueprintError } from '../model/errors';
import { layerCheckMode } from '../validation/layer-check-mode';
import { checkCommand } from './check-command';
import { InputError, UsageError } from './cli-errors';
import { CliIo, EXIT, PROCESS_IO } from './cli-io';
import { diffCommand } from './diff-command';
import { explainCommand } from './explain-command';
import { graphCommand } from './graph-command';
import { synthCommand } from './synth-command';
import { USAGE } from './usage';

const FORMATS: Record<string, readonly string[]> = {
  check: ['text', 'json'],
  explain: ['text', 'json'],
  graph: ['mermaid', 'dot'],
  diff: ['text', 'json'],
};

/**
 * Runs one CLI command and returns its exit code. A user mistake (an invalid blueprint, a missing
 * file, an unknown service) prints its message and no stack trace; anything else is a bug of the
 * library and prints the stack with a request to report it.
 */
export function main(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    if (isBlueprintError(e) || e instanceof InputError) {
      io.err(`${(e as Error).message}\n`);
      return EXIT.INVALID_INPUT;
    }
    io.err(`Internal error of cdk8s-zero-trust (not a problem of your input). Please report it with the\n`
      + `command line and the blueprint: https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/issues\n\n${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.INTERNAL;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const { values, positionals } = parse(command, rest);
  // Before anything is synthesized: a wrong value is the user's, not a failed check of the output.
  const mode = layerCheckMode();
  if (typeof mode !== 'string') {
    throw new InputError(mode.problem);
  }
  const format = values.format as string | undefined;
  if (format !== undefined && !(FORMATS[command] ?? []).includes(format)) {
    throw new UsageError(`${command}: --format must be one of ${(FORMATS[command] ?? []).join(', ')} (found "${format}")`);
  }
  switch (command) {
    case 'synth':
      return synthCommand({ blueprint: one(command, positionals, 'a blueprint file'), outdir: values.output as string | undefined, realmDir: values['realm-dir'] as string | undefined, chart: values.chart as string | undefined }, io);
    case 'check':
      return checkCommand({ blueprint: one(command, positionals, 'a blueprint file'), format: format as 'text' | 'json' | undefined }, io);
    case 'explain':
      if (positionals.length < 1 || positionals.length > 2) {
        throw new UsageError(`explain takes a blueprint file or manifest directory, and optionally a service (found ${positionals.length} arguments)`);
      }
      return explainCommand({ input: positionals[0], service: positionals[1], format: format as 'text' | 'json' | undefined }, io);
    case 'graph':
      return graphCommand({ blueprint: one(command, positionals, 'a blueprint file'), format: format as 'mermaid' | 'dot' | undefined }, io);
    case 'diff':
      if (positionals.length !== 2) {
        throw new UsageError(`diff takes the old and the new blueprint or manifest directory (found ${positionals.length} arguments)`);
      }
      return diffCommand({ old: positionals[0], new: positionals[1], format: format as 'text' | 'json' | undefined }, io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parse(command: string, args: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: command === 'synth'
        ? { 'output': { type: 'string', short: 'o' }, 'realm-dir': { type: 'string' }, 'chart': { type: 'string' } }
        : { format: { type: 'string', short: 'f' } },
    });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
}

function one(command: string, positionals: string[], what: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes ${what} (found ${positionals.length} arguments)`);
  }
  return positionals[0];
}
