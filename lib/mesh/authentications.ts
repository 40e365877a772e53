import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshTlsAuthentication, NetworkAuthentication } from '../rendering/typed-objects';
import { MeshIdentityModel } from '../model/mesh-model';

/**
 * A `MeshTLSAuthentication` naming meshed callers by ServiceAccount reference (kind, name, namespace),
 * never by identity string: the policy controller derives the mTLS identity, so a renamed trust domain
 * or cluster domain cannot silently break it. Made as the child `id` of `scope`, with no wrapper.
 *
 * Zone callers are listed too, not given as one `kind: Namespace` ref: that ref admits every
 * ServiceAccount of the namespace, `default` (which Kubernetes creates everywhere and gives every pod
 * that names none) and any made by hand among them, so it is never exactly the declared callers.
 * Their lists stay bounded instead: a zone's callers are one shared group per target namespace, in
 * chunks of a fixed size (lib/model/caller-groups.ts).
 */
export function serviceAccountAuthentication(
  scope: Construct, id: string, props: { name: string; namespace: string; labels: Record<string, string>; callers: readonly MeshIdentityModel[] },
): ApiObject {
  if (props.callers.length === 0) {
    throw new Error(`MeshTLSAuthentication ${props.namespace}/${props.name} needs at least one caller`);
  }
  return new MeshTlsAuthentication(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: {
      identityRefs: props.callers.map((c) => ({ kind: 'ServiceAccount', name: c.serviceAccountName, namespace: c.namespace })),
    },
  });
}

/**
 * A `NetworkAuthentication`: callers recognised by source address (unmeshed: the internet, the kubelet).
 * Made as the child `id` of `scope`, with no wrapper.
 */
export function sourceNetworkAuthentication(
  scope: Construct, id: string, props: { name: string; namespace: string; labels: Record<string, string>; cidrs: readonly string[] },
): ApiObject {
  return new NetworkAuthentication(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: { networks: props.cidrs.map((cidr) => ({ cidr })) },
  });
}
