import { Construct } from 'constructs';
import { networkObjectName } from '../model/mesh-names';
import { AdmittedCallers } from '../model/mesh-model';
import { ServiceAccountAuthentication, SourceNetworkAuthentication } from './authentications';
import { MeshAuthorizationPolicy } from './authorization-policy';
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
 * Authorizes a Server or HTTPRoute for its callers: one AuthorizationPolicy with one
 * MeshTLSAuthentication for its individual meshed callers, one AuthorizationPolicy per chunk of each
 * zone caller group (whose MeshTLSAuthentications the zone emits once per namespace: Linkerd ANDs the
 * refs of one policy, so each chunk is a policy of its own), and one AuthorizationPolicy with its own
 * NetworkAuthentication per unmeshed caller.
 */
export class CallerAuthorizations extends Construct {
  constructor(scope: Construct, id: string, props: CallerAuthorizationsProps) {
    super(scope, id);
    const { name, namespace, labels, target, callers } = props;
    if (callers.identities.length > 0) {
      new ServiceAccountAuthentication(this, 'MeshTLSAuthentication', { name, namespace, labels, callers: callers.identities });
      new MeshAuthorizationPolicy(this, 'AuthorizationPolicy', { name, namespace, labels, target, authentication: meshTlsAuthenticationRef(name) });
    }
    for (const group of callers.groups) {
      for (const chunk of group.chunks) {
        new MeshAuthorizationPolicy(this, `From-${chunk.name}`, {
          name: networkObjectName(name, chunk.name), namespace, labels, target, authentication: meshTlsAuthenticationRef(chunk.name),
        });
      }
    }
    for (const network of callers.networks) {
      const scope = new Construct(this, `From-${network.name}`);
      const networkName = networkObjectName(name, network.name);
      new SourceNetworkAuthentication(scope, 'NetworkAuthentication', { name: networkName, namespace, labels, cidrs: network.cidrs });
      new MeshAuthorizationPolicy(scope, 'AuthorizationPolicy', { name: networkName, namespace, labels, target, authentication: networkAuthenticationRef(networkName) });
    }
  }
}
