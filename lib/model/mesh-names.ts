// Names of the Linkerd policy objects, shared by the model (which checks them for clashes) and the emitters.
import { createHash } from 'crypto';

/** Per-namespace objects, named as `linkerd viz allow-scrapes` names them. */
export const ZONE_MESH_OBJECTS = {
  /** NetworkAuthentication of the kubelet's networks. */
  kubelet: 'kubelet',
  /** Server on every proxy's `linkerd-admin` port. */
  proxyAdmin: 'proxy-admin',
  /** HTTPRoute, MeshTLSAuthentication and AuthorizationPolicy for `/metrics` on the admin port. */
  proxyMetrics: 'proxy-metrics',
  /** HTTPRoute and AuthorizationPolicy for `/live` and `/ready` on the admin port. */
  proxyProbes: 'proxy-probes',
} as const;

/** Server, MeshTLSAuthentication and AuthorizationPolicy of one service port. */
export function portObjectName(serviceName: string, portName: string): string {
  return `${serviceName}-${portName}`;
}

/** HTTPRoute, MeshTLSAuthentication and AuthorizationPolicy of one declared route. */
export function routeObjectName(serviceName: string, portName: string, routeName: string): string {
  return `${portObjectName(serviceName, portName)}-route-${routeName}`;
}

/** HTTPRoute and AuthorizationPolicy admitting the kubelet to a port's probe paths. */
export function probeRouteName(serviceName: string, portName: string): string {
  return `${portObjectName(serviceName, portName)}-probes`;
}

/** NetworkAuthentication and AuthorizationPolicy admitting one unmeshed caller to a Server or route. */
export function networkObjectName(parentName: string, callerName: string): string {
  return `${parentName}-from-${callerName}`;
}

/** MeshTLSAuthentications of the services a zone flow admits (but `except`, sorted): `zone-<zone>-callers[-except-<hash>]`. */
export function callerGroupName(zoneName: string, except: readonly string[]): string {
  return withExcept(`zone-${zoneName}-callers`, except);
}

/**
 * MeshTLSAuthentications of the holders of `roles` (sorted, but `except`): `role-<role>-callers` for one
 * role whose name is a DNS label, else `roles-<8 hex of the sha256 of the roles>-callers` (role names may
 * hold `_`, and a set of them may not fit a name); `-except-<hash>` as for zones.
 */
export function roleGroupName(roles: readonly string[], except: readonly string[]): string {
  const base = roles.length === 1 && /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(roles[0])
    ? `role-${roles[0]}-callers`
    : `roles-${shortHash(roles.join(','))}-callers`;
  return withExcept(base, except);
}

function withExcept(base: string, except: readonly string[]): string {
  return except.length === 0 ? base : `${base}-except-${shortHash(except.join(','))}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** One MeshTLSAuthentication of a group: the group's name when it is the only one, else `<group>-<n>` from 1. */
export function callerChunkName(groupName: string, index: number, count: number): string {
  return count === 1 ? groupName : `${groupName}-${index + 1}`;
}
