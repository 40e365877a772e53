import { createHash } from 'crypto';

/** Envoy Gateway's defaults for the objects it creates for a Gateway. */
export const ENVOY_GATEWAY_DEFAULTS = {
  gatewayClassName: 'eg',
  controllerNamespace: 'envoy-gateway-system',
} as const;

/**
 * The name Envoy Gateway gives the proxy Deployment, Service and ServiceAccount of a Gateway:
 * `envoy-` + `<namespace>-<name>` (cut to 48 characters, no trailing '-') + `-` + the first 8 hex
 * digits of sha256("<namespace>/<name>") (internal/utils GetHashedName in Envoy Gateway v1.9).
 */
export function envoyProxyResourceName(namespace: string, name: string): string {
  const nsName = `${namespace}/${name}`;
  const hash = createHash('sha256').update(nsName).digest('hex').slice(0, 8);
  let resourceName = nsName.replace(/\//g, '-');
  if (resourceName.length > 48) {
    resourceName = resourceName.slice(0, 48).replace(/-$/, '');
  }
  return `envoy-${resourceName}-${hash}`;
}

/** Labels Envoy Gateway puts on the proxy pods of one Gateway. */
export function envoyProxyPodLabels(namespace: string, name: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'app.kubernetes.io/name': 'envoy',
    'gateway.envoyproxy.io/owning-gateway-name': name,
    'gateway.envoyproxy.io/owning-gateway-namespace': namespace,
  };
}
