import { buildModel } from '../model';
import { ZeroTrustBlueprint } from '../zero-trust-blueprint';
import { CliIo, EXIT } from './cli-io';
import { toDot } from './dot';
import { flowGraph } from './flow-graph';
import { toMermaid } from './mermaid';

export interface GraphArgs {
  readonly blueprint: string;
  /** @default 'mermaid' */
  readonly format?: 'mermaid' | 'dot';
}

/** `graph`: the zones, services and declared flows of a blueprint as a Mermaid or DOT diagram. */
export function graphCommand(args: GraphArgs, io: CliIo): number {
  const graph = flowGraph(buildModel(ZeroTrustBlueprint.loadProps(args.blueprint), args.blueprint));
  io.out(args.format === 'dot' ? toDot(graph) : toMermaid(graph));
  return EXIT.OK;
}
