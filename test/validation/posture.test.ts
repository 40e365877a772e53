import { beforeAll, describe, expect, it } from 'vitest';
import { synthDist } from '../support/synth-dist';
import { CheckovResult, runCheckov } from '../support/tools';

/**
 * Checkov findings the reference platform accepts, each with its reason (as cdk-nag suppressions do).
 * Anything else checkov reports on the synthesized platform fails the test.
 */
const ACCEPTED: Record<string, string> = {
  CKV_K8S_43: 'the example uses placeholder image tags; pin digests in your own registry',
};

let dist: ReturnType<typeof synthDist>;
let result: CheckovResult;

beforeAll(() => {
  dist = synthDist();
  result = runCheckov(dist.manifestDir);
}, 300_000);

describe('checkov on the synthesized reference platform', () => {
  it('read every object (checkov silently skips files it cannot parse)', () => {
    expect(result.parsingErrors).toEqual([]);
    expect(result.resourceCount).toBeGreaterThanOrEqual(dist.manifests.length);
  });

  it('finds nothing beyond the accepted findings', () => {
    const unexpected = result.failedChecks.filter((f) => !(f.checkId in ACCEPTED)).map((f) => `${f.checkId} ${f.checkName}: ${f.resource}`);
    expect(unexpected).toEqual([]);
    expect(result.passed).toBeGreaterThan(500);
  });

  it('has no stale acceptance: every accepted finding still occurs', () => {
    for (const id of Object.keys(ACCEPTED)) {
      expect(result.failedChecks.some((f) => f.checkId === id), id).toBe(true);
    }
  });
});
