import { ApiObject } from 'cdk8s';
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

/**
 * A Linkerd `AuthorizationPolicy` (policy.linkerd.io/v1alpha1) with exactly one required authentication,
 * as the child `id` of `scope`. The object itself, not a wrapper around it: there are one or two per
 * port, and every construct costs cdk8s's dependency graphs and the garbage collector.
 */
export function meshAuthorizationPolicy(scope: Construct, id: string, props: MeshAuthorizationPolicyProps): ApiObject {
  return new AuthorizationPolicy(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: {
      targetRef: { group: props.target.group, kind: props.target.kind, name: props.target.name },
      requiredAuthenticationRefs: [{ group: props.authentication.group, kind: props.authentication.kind, name: props.authentication.name }],
    },
  });
}
