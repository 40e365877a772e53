/** How bad a finding is: errors fail the validation, warnings are reported. */
export enum RuleSeverity {
  ERROR = 'error',
  WARNING = 'warning',
}

/** What a rule of the pack checks, and how to fix what it finds. */
export interface RuleInfo {
  /** Stable identifier (`ZT-RULE-<NNN>`), for acknowledgments and CI logs; never reused. */
  readonly id: string;
  /** Short kebab-case name. */
  readonly name: string;
  readonly severity: RuleSeverity;
  /** What the rule requires, and why. */
  readonly description: string;
  /** What to change when it fires. */
  readonly fix: string;
}

/** One problem a rule found in one object. */
export interface RuleViolation {
  /** The offending manifest object. */
  readonly object: any;
  /** Where in the object (`spec.ingress[0].from[1]`), empty for the whole object. */
  readonly path: string;
  readonly message: string;
}

/** A rule: a pure function of all synthesized objects (some rules need several objects, such as a ref and its target). */
export interface Rule extends RuleInfo {
  check(objects: readonly any[]): RuleViolation[];
}
