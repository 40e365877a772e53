import { ServiceModel } from './model';

/**
 * The services whose Keycloak client holds one of `roles`, directly or through inheritance (a holder
 * of `admin` also holds `operator` and `viewer`). Flows and routes admit callers by role through this
 * one expansion, so the NetworkPolicies and the mesh policies see the same callers.
 */
export function roleHolders(roles: readonly string[], services: readonly ServiceModel[]): ServiceModel[] {
  const wanted = new Set(roles);
  return services.filter((s) => s.effectiveRoles.some((r) => wanted.has(r)));
}
