export { RuleInfo, RuleSeverity } from './rule';
export { RuleAcknowledgment } from './acknowledgment';
export { AcknowledgedFinding, RuleFinding, RulePackOptions, RulePackResult, ZeroTrustRulePack } from './rule-pack';
