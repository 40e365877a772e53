import { isBlueprintError } from '../model/errors';
import { RuleAcknowledgment } from '../rules/acknowledgment';
import { ManifestSource, checkSources } from '../rules/rule-pack';
import { summaryMetadata, violationsOf } from './validation-report';

/** What `properties:` of the plugin's `validations:` entry in cdk8s.yaml may hold. */
export interface ZeroTrustValidationProps {
  /** Findings to accept, each for one rule, one object and a non-blank reason. @default - none */
  readonly acknowledgments?: RuleAcknowledgment[];
}

/**
 * The cdk8s validation plugin: runs `ZeroTrustRulePack` on every manifest `cdk8s synth` wrote and
 * reports the findings in the CLI's report (rule ID and name, resource, location, recommendation, fix),
 * with the acknowledged findings and their reasons in the summary. Reference it in cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-zero-trust
 *     version: 0.1.0
 *     class: ZeroTrustValidation
 *     properties:
 *       acknowledgments:
 *         - { ruleId: ZT-RULE-006, resource: Secret/app/legacy, reason: replaced by the sealed-secrets controller }
 * ```
 */
export class ZeroTrustValidation {
  private readonly props: ZeroTrustValidationProps;

  constructor(props: ZeroTrustValidationProps = {}) {
    this.props = props ?? {};
  }

  /**
   * Runs the pack (the cdk8s CLI calls it with its `ValidationContext`): reads `context.manifests`,
   * adds one violation per failing rule to `context.report` and submits it.
   * @param context the cdk8s CLI's `ValidationContext` (typed loosely: the CLI is not a dependency at run time)
   */
  public async validate(context: any): Promise<void> {
    const sources: ManifestSource[] = (context.manifests as string[]).map((manifestPath) => ({
      manifestPath,
      objects: (context.parseManifest(manifestPath) as any[]).filter((o) => o !== null && o !== undefined),
    }));
    let result;
    try {
      result = checkSources(sources, { acknowledgments: this.props.acknowledgments });
    } catch (e) {
      if (!isBlueprintError(e)) {
        throw e;
      }
      context.report.addViolation({
        ruleName: '[ZT-ACK] invalid acknowledgments',
        recommendation: e.message,
        fix: 'Give every acknowledgment under `properties.acknowledgments` a rule ID of the pack, the resource as the finding names it (Kind/namespace/name) and a reason.',
        violatingResources: [],
      });
      context.report.submit('failure', { acknowledgments: 'invalid' });
      return;
    }
    violationsOf(result).forEach((v) => context.report.addViolation(v));
    const objectCount = sources.reduce((n, s) => n + s.objects.length, 0);
    context.report.submit(result.passed ? 'success' : 'failure', summaryMetadata(result, objectCount));
  }
}
