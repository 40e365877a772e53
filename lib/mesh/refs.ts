/** API group of Linkerd's policy resources. */
export const POLICY_GROUP = 'policy.linkerd.io';

/** A reference to a policy object, as AuthorizationPolicy `targetRef` and `requiredAuthenticationRefs` take it. */
export interface PolicyRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

export function serverRef(name: string): PolicyRef {
  return { group: POLICY_GROUP, kind: 'Server', name };
}

export function meshTlsAuthenticationRef(name: string): PolicyRef {
  return { group: POLICY_GROUP, kind: 'MeshTLSAuthentication', name };
}

export function networkAuthenticationRef(name: string): PolicyRef {
  return { group: POLICY_GROUP, kind: 'NetworkAuthentication', name };
}
