import { IssueCollector } from '../model/errors';

/**
 * Accepts one rule's finding on one object, for a reason a reviewer can read (a hand-written Secret a
 * sealed-secrets controller replaces, a legacy client being migrated). Every acknowledgment is listed
 * in the report.
 */
export interface RuleAcknowledgment {
  /** The rule (`ZT-RULE-006`). */
  readonly ruleId: string;
  /** The object, as findings name it: `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
  readonly resource: string;
  /** Why the finding is accepted; required and not blank. */
  readonly reason: string;
}

const RESOURCE = /^[A-Za-z][A-Za-z0-9]*\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?$/;

/** Checks every acknowledgment (all problems at once) and throws a `BlueprintError` naming each field. */
export function checkAcknowledgments(acknowledgments: readonly unknown[], ruleIds: ReadonlySet<string>): RuleAcknowledgment[] {
  const issues = new IssueCollector();
  const seen = new Map<string, number>();
  if (!Array.isArray(acknowledgments)) {
    issues.add('ZT-ACK-005', 'acknowledgments', `must be a list of { ruleId, resource, reason } (found ${typeof acknowledgments})`);
    issues.throwIfAny('the rule pack\'s acknowledgments');
  }
  acknowledgments.forEach((raw, i) => {
    const ack = (raw ?? {}) as Record<string, unknown>;
    const at = `acknowledgments[${i}]`;
    if (typeof ack.ruleId !== 'string' || !ruleIds.has(ack.ruleId)) {
      issues.add('ZT-ACK-001', `${at}.ruleId`, `${JSON.stringify(ack.ruleId)} is not a rule of the pack: use one of ${[...ruleIds].sort().join(', ')}`);
    }
    if (typeof ack.resource !== 'string' || !RESOURCE.test(ack.resource)) {
      issues.add('ZT-ACK-002', `${at}.resource`, `${JSON.stringify(ack.resource)} does not name one object: write Kind/namespace/name (Kind/name when cluster-scoped), as the finding does`);
    }
    if (typeof ack.reason !== 'string' || ack.reason.trim() === '') {
      issues.add('ZT-ACK-003', `${at}.reason`, 'an acknowledgment needs a reason a reviewer can read: say why the finding is accepted');
    }
    const key = `${String(ack.ruleId)} ${String(ack.resource)}`;
    if (seen.has(key)) {
      issues.add('ZT-ACK-004', at, `acknowledges ${key} again (first at acknowledgments[${seen.get(key)}]): keep one`);
    } else {
      seen.set(key, i);
    }
  });
  issues.throwIfAny('the rule pack\'s acknowledgments');
  return acknowledgments as RuleAcknowledgment[];
}
