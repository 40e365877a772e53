import { Construct } from 'constructs';
import { managedLabels } from '../labels';
import { KubeNetworkPolicy } from '../rendering/typed-objects';
import { PlannedNetworkPolicy } from './network-policy-plan';

/**
 * Emits planned NetworkPolicies, one child construct each. Its id is the policy name without `idPrefix`:
 * a service's policies are `ingress` and `egress`, not `<service>-ingress`. The constructs library keeps
 * children in an object keyed by id, and a different first key in each of thousands of such objects gives
 * V8's empty-object shape as many transitions, which slows every later object literal in the process
 * (cdk8s's YAML writer took five times as long at 5,000 services).
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, policies: readonly PlannedNetworkPolicy[], idPrefix = '') {
    super(scope, id);
    for (let i = 0; i < policies.length; i++) {
      const policy = policies[i];
      const childId = idPrefix !== '' && policy.name.startsWith(idPrefix) ? policy.name.slice(idPrefix.length) : policy.name;
      new KubeNetworkPolicy(this, childId, {
        metadata: { name: policy.name, namespace: policy.namespace, labels: managedLabels() },
        spec: policy.spec,
      });
    }
  }
}
