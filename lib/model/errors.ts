/** One problem in a blueprint: where it is (a JSON path such as `services[3].allowFrom[0]`) and what to do. */
export interface BlueprintIssue {
  /** Stable identifier of the check (`ZT-<AREA>-<NNN>`), for CI logs and acknowledgments. */
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/**
 * A blueprint that cannot be synthesized. The message lists every problem, one per line, so a user sees
 * all of them at once; it is a user mistake, so callers print the message without a stack trace.
 */
export class BlueprintError extends Error {
  public readonly issues: readonly BlueprintIssue[];

  constructor(issues: readonly BlueprintIssue[], source?: string) {
    const sorted = [...issues].sort(compareIssues);
    const where = source ? ` in ${source}` : '';
    const lines = sorted.map((i) => `  ${i.path || '(root)'}: ${i.message} [${i.code}]`);
    super(`Invalid zero-trust blueprint${where} (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'BlueprintError';
    this.issues = sorted;
  }
}

function compareIssues(a: BlueprintIssue, b: BlueprintIssue): number {
  return a.path === b.path ? a.message.localeCompare(b.message) : a.path.localeCompare(b.path, 'en', { numeric: true });
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
