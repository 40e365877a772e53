import { InputError } from './cli-errors';
import { CliIo, EXIT } from './cli-io';
import { explainPlatform } from './explain-report';
import { explanationText } from './explain-text';
import { loadRendered } from './rendered-platform';

export interface ExplainArgs {
  /** A blueprint file or a directory of synthesized manifests. */
  readonly input: string;
  /** @default - every service */
  readonly service?: string;
  /** @default 'text' */
  readonly format?: 'text' | 'json';
}

/**
 * `explain`: who may reach a service (or each), on which ports and routes and at which layer, and its
 * blast radius, computed from the rendered manifests.
 */
export function explainCommand(args: ExplainArgs, io: CliIo): number {
  const platform = loadRendered(args.input);
  const all = explainPlatform(platform.manifests);
  const chosen = args.service === undefined ? all : all.filter((e) => e.service === args.service);
  if (chosen.length === 0) {
    throw new InputError(`no service "${args.service}" in ${args.input} (services: ${all.map((e) => e.service).join(', ') || 'none'})`);
  }
  if (args.format === 'json') {
    io.out(`${JSON.stringify({ source: args.input, services: chosen }, null, 2)}\n`);
  } else {
    io.out(chosen.map(explanationText).join('\n'));
  }
  return EXIT.OK;
}
