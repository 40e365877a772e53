import { defaultDenyRule } from './default-deny-rule';
import { RuleSeverity } from './rule';

export const DEFAULT_DENY_INGRESS = defaultDenyRule({
  id: 'ZT-RULE-001',
  name: 'default-deny-ingress',
  severity: RuleSeverity.ERROR,
  description: 'Every namespace with workloads has a default-deny ingress NetworkPolicy, so only declared flows reach its pods.',
  fix: 'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no ingress rules to the namespace (a blueprint zone has one).',
}, 'Ingress');
