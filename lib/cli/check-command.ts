import { BlueprintIssue, isBlueprintError } from '../model/errors';
import { synthesizeBlueprint } from './blueprint-synth';
import { CliIo, EXIT } from './cli-io';
import { cdk8sValidationIssues } from './validation-issues';

export interface CheckArgs {
  readonly blueprint: string;
  /** @default 'text' */
  readonly format?: 'text' | 'json';
}

/** One problem as `check --format json` prints it (for CI annotations). */
export interface CheckFinding extends BlueprintIssue {
  readonly severity: 'error';
  /** The blueprint file. */
  readonly file: string;
}

/**
 * `check`: validates the blueprint and synthesizes it in a scratch directory (so the checks of the
 * rendered output run too, the layer check on the unchanged output included); prints every problem with
 * its JSON path and code and exits 1, or a one-line summary and exits 0.
 */
export function checkCommand(args: CheckArgs, io: CliIo): number {
  const findings = findingsOf(args.blueprint);
  if (args.format === 'json') {
    io.out(`${JSON.stringify(findings.problems, null, 2)}\n`);
  } else if (findings.problems.length > 0) {
    const n = findings.problems.length;
    io.err(`Invalid zero-trust blueprint in ${args.blueprint} (${n} problem${n === 1 ? '' : 's'}):\n`);
    io.err(findings.problems.map((i) => `  ${i.path || '(root)'}: ${i.message} [${i.code}]\n`).join(''));
  } else {
    io.out(`${args.blueprint}: valid: ${findings.summary}\n`);
  }
  return findings.problems.length > 0 ? EXIT.INVALID_INPUT : EXIT.OK;
}

function findingsOf(file: string): { problems: CheckFinding[]; summary: string } {
  const finding = (issue: BlueprintIssue): CheckFinding => ({ code: issue.code, path: issue.path, message: issue.message, severity: 'error', file });
  try {
    // The layers of the blueprint's own output too: `check` is where CI verifies the planners on it.
    const result = synthesizeBlueprint(file, { checkLayersAlways: true });
    try {
      const model = result.blueprint._model;
      // The blueprint's `allowFrom` entries: the edge's realization may split one into several flows.
      const flows = new Set(model.flows.map((f) => f.path).filter((path) => /\.allowFrom\[\d+\]$/.test(path))).size;
      return {
        problems: [],
        summary: `${plural(model.zones.length, 'zone')}, ${plural(model.services.length, 'service')}, ${plural(flows, 'declared flow')}`,
      };
    } finally {
      result.discard();
    }
  } catch (e) {
    if (isBlueprintError(e)) {
      return { problems: e.issues.map(finding), summary: '' };
    }
    const rendered = cdk8sValidationIssues(e);
    if (rendered) {
      return { problems: rendered.map(finding), summary: '' };
    }
    throw e;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
