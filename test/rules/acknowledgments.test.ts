// A finding is accepted only for one rule, one object and a reason; every acknowledgment is reported.
import { describe, expect, it } from 'vitest';
import { ZeroTrustRulePack } from '../../lib';
import { isBlueprintError } from '../../lib/errors';
import { NS, goodPlatform } from './fixtures';

const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'legacy', namespace: NS }, data: { token: 'dG9rZW4=' } };
const objects = () => [...goodPlatform(), secret];

function issuesOf(run: () => unknown): Array<{ code: string; path: string; message: string }> {
  try {
    run();
  } catch (e) {
    if (isBlueprintError(e)) return [...e.issues];
    throw e;
  }
  throw new Error('expected a BlueprintError');
}

describe('acknowledgments', () => {
  it('accept a finding with a reason, which the result lists', () => {
    const reason = 'replaced by the sealed-secrets controller at deploy time';
    const result = ZeroTrustRulePack.check(objects(), { acknowledgments: [{ ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason }] });
    expect(result.findings).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.acknowledged.map((a) => [a.finding.ruleId, a.finding.resource, a.finding.path, a.reason])).toEqual([['ZT-RULE-006', `Secret/${NS}/legacy`, 'data.token', reason]]);
  });

  it('accept only that rule on that object: another object or rule still fails', () => {
    const other = { ...secret, metadata: { ...secret.metadata, name: 'other' } };
    const result = ZeroTrustRulePack.check([...objects(), other], { acknowledgments: [{ ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason: 'sealed' }] });
    expect(result.findings.map((f) => f.resource)).toEqual([`Secret/${NS}/other`]);
    expect(result.passed).toBe(false);
    const wrongRule = ZeroTrustRulePack.check(objects(), { acknowledgments: [{ ruleId: 'ZT-RULE-001', resource: `Secret/${NS}/legacy`, reason: 'sealed' }] });
    expect(wrongRule.findings.map((f) => f.ruleId)).toEqual(['ZT-RULE-006']);
    expect(wrongRule.unusedAcknowledgments.map((a) => a.ruleId)).toEqual(['ZT-RULE-001']);
  });

  it('without a reason (empty or blank) are refused, naming the field', () => {
    for (const reason of ['', '   ', undefined]) {
      const issues = issuesOf(() => ZeroTrustRulePack.check(objects(), { acknowledgments: [{ ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason } as any] }));
      expect(issues.map((i) => [i.code, i.path])).toEqual([['ZT-ACK-003', 'acknowledgments[0].reason']]);
      expect(issues[0].message).toMatch(/reason/);
    }
  });

  it('report every bad field at once: unknown rule, malformed resource, missing reason, duplicate', () => {
    const ok = { ruleId: 'ZT-RULE-006', resource: `Secret/${NS}/legacy`, reason: 'sealed' };
    const issues = issuesOf(() => ZeroTrustRulePack.check(objects(), { acknowledgments: [
      ok, { ruleId: 'ZT-R006', resource: 'legacy', reason: '' }, ok,
    ] as any }));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['ZT-ACK-004', 'acknowledgments[2]'],
      ['ZT-ACK-001', 'acknowledgments[1].ruleId'],
      ['ZT-ACK-002', 'acknowledgments[1].resource'],
      ['ZT-ACK-003', 'acknowledgments[1].reason'],
    ].sort((a, b) => a[1].localeCompare(b[1], 'en', { numeric: true })));
    expect(issues.find((i) => i.code === 'ZT-ACK-001')!.message).toContain('ZT-RULE-006');
  });
});
