import { Construct } from 'constructs';
import { managedLabels } from '../labels';
import { KubeNetworkPolicy } from '../rendering/typed-objects';
import { PlannedNetworkPolicy } from './network-policy-plan';

/** Emits planned NetworkPolicies, one child construct (id = policy name) each. */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, policies: readonly PlannedNetworkPolicy[]) {
    super(scope, id);
    for (const policy of policies) {
      new KubeNetworkPolicy(this, policy.name, {
        metadata: { name: policy.name, namespace: policy.namespace, labels: managedLabels() },
        spec: policy.spec,
      });
    }
  }
}
