import { Construct } from 'constructs';
import { AuthorizationPolicy } from '../rendering/typed-objects';
import { PolicyRef } from './refs';

export interface MeshAuthorizationPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The Server or HTTPRoute authorized (in the policy's namespace). */
  readonly target: PolicyRef;
  /**
   * The authentication the caller must pass. One per policy: Linkerd ANDs the refs of a policy, so
   * alternatives (identities OR networks) are separate policies.
   */
  readonly authentication: PolicyRef;
}

/** A Linkerd `AuthorizationPolicy` (policy.linkerd.io/v1alpha1) with exactly one required authentication. */
export class MeshAuthorizationPolicy extends Construct {
  constructor(scope: Construct, id: string, props: MeshAuthorizationPolicyProps) {
    super(scope, id);
    new AuthorizationPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        targetRef: { ...props.target },
        requiredAuthenticationRefs: [{ ...props.authentication }],
      },
    });
  }
}
