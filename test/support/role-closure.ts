// Role inheritance read from the blueprint text (test oracles derive it here, never from the model).
import { ZeroTrustBlueprintProps } from '../../lib';

/** The documented default hierarchy: admin includes operator, which includes viewer. */
export const DEFAULT_ROLES = [{ name: 'admin', includes: ['operator'] }, { name: 'operator', includes: ['viewer'] }, { name: 'viewer' }];

/** Names of the services holding one of `roles`, directly or through `includes`. */
export function roleHolders(props: ZeroTrustBlueprintProps, services: readonly { name: string; roles?: string[] }[], roles: readonly string[]): string[] {
  const includes = new Map((props.roles ?? DEFAULT_ROLES).map((r) => [r.name, r.includes ?? []]));
  const closure = (role: string, seen = new Set<string>()): Set<string> => {
    if (!seen.has(role)) {
      seen.add(role);
      (includes.get(role) ?? []).forEach((r) => closure(r, seen));
    }
    return seen;
  };
  return services.filter((s) => (s.roles ?? []).some((held) => roles.some((r) => closure(held).has(r)))).map((s) => s.name);
}
