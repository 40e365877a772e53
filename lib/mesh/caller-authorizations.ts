import { Construct } from 'constructs';
import { networkObjectName } from '../model/mesh-names';
import { AdmittedCallers } from '../model/mesh-model';
import { serviceAccountAuthentication, sourceNetworkAuthentication } from './authentications';
import { meshAuthorizationPolicy } from './authorization-policy';
import { PolicyRef, meshTlsAuthenticationRef, networkAuthenticationRef } from './refs';

export interface CallerAuthorizationsProps {
  /** Name of the identity policy; network policies append `-from-<caller>`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly target: PolicyRef;
  readonly callers: AdmittedCallers;
}

/**
 * Authorizes a Server or HTTPRoute for its callers, as children of `scope` (the port or route scope, or
 * a scope of their own): one AuthorizationPolicy (`AuthorizationPolicy`) with one MeshTLSAuthentication
 * (`MeshTLSAuthentication`) for its individual meshed callers, one AuthorizationPolicy per chunk of each
 * zone caller group (`From-<chunk>`; the zone emits their MeshTLSAuthentications once per namespace:
 * Linkerd ANDs the refs of one policy, so each chunk is a policy of its own), and one AuthorizationPolicy
 * with its own NetworkAuthentication per unmeshed caller (below `From-<caller>`). No scope of their own
 * per port: a construct per port costs cdk8s's dependency graphs and the garbage collector.
 */
export function addCallerAuthorizations(scope: Construct, props: CallerAuthorizationsProps): void {
  const { name, namespace, labels, target, callers } = props;
  if (callers.identities.length > 0) {
    serviceAccountAuthentication(scope, 'MeshTLSAuthentication', { name, namespace, labels, callers: callers.identities });
    meshAuthorizationPolicy(scope, 'AuthorizationPolicy', { name, namespace, labels, target, authentication: meshTlsAuthenticationRef(name) });
  }
  for (const group of callers.groups) {
    for (const chunk of group.chunks) {
      meshAuthorizationPolicy(scope, `From-${chunk.name}`, {
        name: networkObjectName(name, chunk.name), namespace, labels, target, authentication: meshTlsAuthenticationRef(chunk.name),
      });
    }
  }
  for (const network of callers.networks) {
    const networkScope = new Construct(scope, `From-${network.name}`);
    const networkName = networkObjectName(name, network.name);
    sourceNetworkAuthentication(networkScope, 'NetworkAuthentication', { name: networkName, namespace, labels, cidrs: network.cidrs });
    meshAuthorizationPolicy(networkScope, 'AuthorizationPolicy', { name: networkName, namespace, labels, target, authentication: networkAuthenticationRef(networkName) });
  }
}
