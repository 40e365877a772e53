/**
 * The ServiceAccounts (`namespace/name`, sorted) of every MeshTLSAuthentication that an AuthorizationPolicy
 * targeting `targetKind/targetName` in `namespace` requires: a target's individual callers and the zone
 * caller groups it admits, read from the rendered objects only.
 */
export function requiredIdentityRefs(manifests: any[], namespace: string, targetName: string, targetKind = 'Server'): string[] {
  const names = manifests
    .filter((m) => m.kind === 'AuthorizationPolicy' && m.metadata.namespace === namespace && m.spec.targetRef.kind === targetKind && m.spec.targetRef.name === targetName)
    .flatMap((p) => p.spec.requiredAuthenticationRefs.filter((r: any) => r.kind === 'MeshTLSAuthentication').map((r: any) => r.name));
  return manifests
    .filter((m) => m.kind === 'MeshTLSAuthentication' && m.metadata.namespace === namespace && names.includes(m.metadata.name))
    .flatMap((m) => m.spec.identityRefs.map((r: any) => `${r.namespace}/${r.name}`))
    .sort();
}
