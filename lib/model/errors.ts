import { compareNames } from '../name-order';

/** One problem in a blueprint: where it is (a JSON path such as `services[3].allowFrom[0]`) and what to do. */
export interface BlueprintIssue {
  /** Stable identifier of the check (`ZT-<AREA>-<NNN>`), for CI logs and acknowledgments. */
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** The message lists this many problems; `issues` holds all of them. */
export const MAX_LISTED_ISSUES = 50;

/**
 * A blueprint that cannot be synthesized. The message lists every problem (the first
 * `MAX_LISTED_ISSUES`, then how many more), one per line, so a user sees all of them at once; it is a
 * user mistake, so callers print the message without a stack trace.
 */
export class BlueprintError extends Error {
  public readonly issues: readonly BlueprintIssue[];

  constructor(issues: readonly BlueprintIssue[], source?: string) {
    const sorted = [...issues].sort(compareIssues);
    const where = source ? ` in ${source}` : '';
    const lines = sorted.slice(0, MAX_LISTED_ISSUES).map((i) => `  ${i.path || '(root)'}: ${i.message} [${i.code}]`);
    if (sorted.length > MAX_LISTED_ISSUES) {
      lines.push(`  … and ${sorted.length - MAX_LISTED_ISSUES} more (fix the ones above first; many are often follow-ons of one mistake)`);
    }
    super(`Invalid zero-trust blueprint${where} (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'BlueprintError';
    this.issues = sorted;
  }
}

// One collator for all path comparisons: `localeCompare` with options builds one per call, which dominates
// the sort of a large issue list. Messages sort as names do (lib/name-order.ts).
const PATH_ORDER = new Intl.Collator('en', { numeric: true });

function compareIssues(a: BlueprintIssue, b: BlueprintIssue): number {
  return a.path === b.path ? compareNames(a.message, b.message) : PATH_ORDER.compare(a.path, b.path);
}

/** Collects issues while the model is built, so that one run reports all of them. */
export class IssueCollector {
  private readonly issues: BlueprintIssue[] = [];

  public add(code: string, path: string, message: string): void {
    this.issues.push({ code, path, message });
  }

  /** Adds `problem` when a check returned one (the `check*` helpers return a message or undefined). */
  public check(code: string, path: string, problem: string | undefined): void {
    if (problem) {
      this.add(code, path, problem);
    }
  }

  /** The issues collected so far, in the order they were found. */
  public get all(): readonly BlueprintIssue[] {
    return this.issues;
  }

  public get count(): number {
    return this.issues.length;
  }

  public throwIfAny(source?: string): void {
    if (this.issues.length > 0) {
      throw new BlueprintError(this.issues, source);
    }
  }
}

/** True for errors that describe a user's blueprint mistake (print the message, no stack trace). */
export function isBlueprintError(err: unknown): err is BlueprintError {
  return err instanceof Error && err.name === 'BlueprintError';
}
