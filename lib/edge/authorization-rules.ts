import { PathMatchType } from '../blueprint/mesh';
import { EdgeApiModel, EdgeModel, EdgeRouteModel } from '../model/edge-model';
import { compareNames } from '../name-order';

/** The name of the JWT provider in every SecurityPolicy (principal.jwt.provider refers to it). */
export const JWT_PROVIDER = 'keycloak';

/** Claim names Keycloak puts the end user's roles in. */
export const REALM_ROLES_CLAIM = 'realm_access.roles';
export const clientRolesClaim = (clientId: string) => `resource_access.${clientId}.roles`;

export interface JwtClaimRule {
  readonly name: string;
  readonly valueType: 'String' | 'StringArray';
  readonly values: readonly string[];
}

/** One authorization rule of a SecurityPolicy, in Envoy Gateway's terms. */
export interface AuthorizationRule {
  readonly name: string;
  readonly action: 'Allow' | 'Deny';
  readonly methods: readonly string[];
  readonly pathMatch: PathMatchType;
  readonly path: string;
  /** Claims the token must carry (all of them); undefined: no token needed, the rule matches every client. */
  readonly claims?: readonly JwtClaimRule[];
}

/**
 * Every client address. Envoy Gateway requires a principal on each rule; a rule that must match every
 * request (a public route, the Deny that closes a route) names all addresses.
 */
export const ANY_CLIENT: readonly string[] = ['0.0.0.0/0', '::/0'];

/**
 * The authorization rules of an API, evaluated in order (the first match decides, else Deny). Envoy's
 * authorization does not know which HTTPRoute rule matched, so routes are ordered as the Gateway API
 * picks them (most specific first), and every route that requires something is closed by a Deny for
 * its own requests: otherwise a request to `/api/admin` that fails its route's check could still be
 * allowed by a broader route such as `/api`.
 */
export function authorizationRules(edge: EdgeModel, api: EdgeApiModel): AuthorizationRule[] {
  return [...api.routes].sort(bySpecificity).flatMap((r): AuthorizationRule[] => {
    const operation = { methods: r.methods, pathMatch: r.pathMatch, path: r.path };
    if (r.public) {
      return [{ name: r.name, action: 'Allow', ...operation }];
    }
    return [
      { name: r.name, action: 'Allow', ...operation, claims: requiredClaims(edge, api, r) },
      { name: `${r.name}-otherwise-deny`, action: 'Deny', ...operation },
    ];
  });
}

/** What the token must carry on a route: its roles, or (no roles required) just the realm as issuer. */
function requiredClaims(edge: EdgeModel, api: EdgeApiModel, r: EdgeRouteModel): JwtClaimRule[] {
  const claims: JwtClaimRule[] = [];
  if (r.userRoles.length > 0) {
    claims.push({ name: REALM_ROLES_CLAIM, valueType: 'StringArray', values: r.userRoles });
  }
  if (r.clientRoles.length > 0) {
    claims.push({ name: clientRolesClaim(api.clientId), valueType: 'StringArray', values: r.clientRoles });
  }
  // A rule needs at least one claim; the issuer is what every valid token of the realm has.
  return claims.length > 0 ? claims : [{ name: 'iss', valueType: 'String', values: [edge.issuer] }];
}

const MATCH_ORDER: Record<PathMatchType, number> = {
  [PathMatchType.EXACT]: 0,
  [PathMatchType.PATH_PREFIX]: 1,
  [PathMatchType.REGULAR_EXPRESSION]: 2,
};

/** Gateway API precedence: exact before prefix, longer prefix first, routes with methods before those without. */
function bySpecificity(a: EdgeRouteModel, b: EdgeRouteModel): number {
  return MATCH_ORDER[a.pathMatch] - MATCH_ORDER[b.pathMatch]
    || b.path.length - a.path.length
    || (b.methods.length > 0 ? 1 : 0) - (a.methods.length > 0 ? 1 : 0)
    || compareNames(a.name, b.name);
}
