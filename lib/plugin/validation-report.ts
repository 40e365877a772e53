import { RulePackResult, RuleFinding } from '../rules/rule-pack';
import { ZeroTrustRulePack } from '../rules/rule-pack';

/** The cdk8s CLI's violation shape (cdk8s-cli `ValidationViolation`), kept structural so the plugin needs no CLI at run time. */
export interface CliViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: { readonly resourceName: string; readonly locations: string[]; readonly manifestPath: string }[];
}

/** One violation per rule, one violating resource per object and file, one location per finding. */
export function violationsOf(result: RulePackResult): CliViolation[] {
  const rules = new Map(ZeroTrustRulePack.rules.map((r) => [r.id, r]));
  const byRule = new Map<string, RuleFinding[]>();
  result.findings.forEach((f) => byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]));
  return [...byRule].map(([id, findings]) => {
    const rule = rules.get(id)!;
    const resources = new Map<string, CliViolation['violatingResources'][number]>();
    for (const f of findings) {
      const key = `${f.manifestPath} ${f.resource}`;
      const entry = resources.get(key) ?? { resourceName: f.objectName, locations: [], manifestPath: f.manifestPath ?? '' };
      entry.locations.push(`${f.resource}${f.path ? ` ${f.path}` : ''}: ${f.message}`);
      resources.set(key, entry);
    }
    return {
      ruleName: `[${rule.id}] ${rule.name} (${rule.severity})`,
      recommendation: rule.description,
      fix: rule.fix,
      violatingResources: [...resources.values()],
    };
  });
}

/** The report summary's metadata: counts, then every acknowledgment with its reason (stale ones marked). */
export function summaryMetadata(result: RulePackResult, objectCount: number): Record<string, string> {
  const metadata: Record<string, string> = {
    'rules': ZeroTrustRulePack.rules.map((r) => r.id).join(', '),
    'objects checked': String(objectCount),
    'findings': String(result.findings.length),
    'acknowledged': String(result.acknowledged.length),
  };
  for (const { finding, reason } of result.acknowledged) {
    metadata[`acknowledged ${finding.ruleId} ${finding.resource}${finding.path ? ` ${finding.path}` : ''}`] = reason;
  }
  for (const ack of result.unusedAcknowledgments) {
    metadata[`unused acknowledgment ${ack.ruleId} ${ack.resource}`] = `${ack.reason} (no such finding: remove it)`;
  }
  return metadata;
}
