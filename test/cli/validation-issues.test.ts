import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { cdk8sValidationIssues } from '../../lib/cli/validation-issues';
import { scratch } from './cli-run';

/** The error cdk8s throws when validations of the construct tree fail. */
function validationError(problems: Record<string, string[]>): unknown {
  const app = new App({ outdir: scratch() });
  const chart = new Chart(app, 'platform');
  for (const [id, list] of Object.entries(problems)) {
    new Construct(chart, id).node.addValidation({ validate: () => list });
  }
  try {
    app.synth();
  } catch (e) {
    return e;
  }
  throw new Error('expected the validation to fail');
}

describe('problems of the rendered output as check findings', () => {
  it('one finding per failed validation, with the construct path, and the code when the message carries one', () => {
    const issues = cdk8sValidationIssues(validationError({
      layers: ['NetworkPolicies admit app/api -> data/db on TCP 5432, the blueprint does not [ZT-LAYER-001]'],
      workload: ['no container declares TCP port 8080 ("http")'],
    }));
    expect(issues).toEqual([
      { code: 'ZT-LAYER-001', path: 'platform/layers', message: 'NetworkPolicies admit app/api -> data/db on TCP 5432, the blueprint does not' },
      { code: 'ZT-CLI-001', path: 'platform/workload', message: 'no container declares TCP port 8080 ("http")' },
    ]);
  });

  it('other errors are not validation problems', () => {
    expect(cdk8sValidationIssues(new Error('boom'))).toBeUndefined();
    expect(cdk8sValidationIssues('Validation failed with the following errors:')).toBeUndefined();
  });
});
