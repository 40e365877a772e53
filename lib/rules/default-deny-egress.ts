import { defaultDenyRule } from './default-deny-rule';
import { RuleSeverity } from './rule';

export const DEFAULT_DENY_EGRESS = defaultDenyRule({
  id: 'ZT-RULE-002',
  name: 'default-deny-egress',
  severity: RuleSeverity.ERROR,
  description: 'Every namespace with workloads has a default-deny egress NetworkPolicy, so a compromised pod reaches only its declared callees.',
  fix: 'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Egress]` and no egress rules to the namespace (a blueprint zone has one).',
}, 'Egress');
