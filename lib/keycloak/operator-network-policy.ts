import { NetworkPolicyPeer } from 'cdk8s-plus-27/lib/imports/k8s';
import { OperatorNetworkPolicy } from '../blueprint/keycloak';
import { BlueprintModel } from '../model';
import { KeycloakModel } from '../model/keycloak-model';
import { serviceIngressRules } from '../network/network-policy-plan';

/**
 * A peer that matches no pod (a label both present and absent): the operator reads an empty or missing
 * peer list as "every source", so a port nobody may call still needs one peer.
 */
export const NO_CALLER_PEER: NetworkPolicyPeer = {
  podSelector: {
    matchExpressions: [
      { key: 'zero-trust.cdk8s.io/no-caller', operator: 'Exists' },
      { key: 'zero-trust.cdk8s.io/no-caller', operator: 'DoesNotExist' },
    ],
  },
};

/** `spec.networkPolicy` of the Keycloak CR, or undefined when it is not emitted. */
export interface KeycloakCrNetworkPolicy {
  readonly enabled: boolean;
  readonly https?: NetworkPolicyPeer[];
  readonly management?: NetworkPolicyPeer[];
}

/**
 * The Keycloak Operator (26.2 and later) makes a NetworkPolicy for Keycloak's pods with one ingress rule per
 * port (HTTPS, management) whose sources are the CR's peer lists; a missing or empty list admits every
 * source. With EXACT, each list holds the sources of the rules of the blueprint's own `<service>-ingress`
 * policy that open that port: the operator's policy then admits no caller the blueprint does not.
 */
export function keycloakCrNetworkPolicy(blueprint: BlueprintModel, keycloak: KeycloakModel): KeycloakCrNetworkPolicy | undefined {
  switch (keycloak.operator.operatorNetworkPolicy) {
    case OperatorNetworkPolicy.OMIT:
      return undefined;
    case OperatorNetworkPolicy.DISABLE:
      return { enabled: false };
    default:
      return {
        enabled: true,
        https: peersOf(blueprint, keycloak, keycloak.httpsPort),
        management: peersOf(blueprint, keycloak, keycloak.managementPort),
      };
  }
}

/** The sources of every ingress rule of the service that opens `port` (TCP), in rule order, without repeats. */
function peersOf(blueprint: BlueprintModel, keycloak: KeycloakModel, port: number): NetworkPolicyPeer[] {
  const seen = new Set<string>();
  const peers: NetworkPolicyPeer[] = [];
  for (const rule of serviceIngressRules(blueprint, keycloak.service)) {
    const opens = !rule.ports || rule.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && p.port?.value === port);
    for (const peer of opens ? rule.from ?? [] : []) {
      const key = JSON.stringify(peer);
      if (!seen.has(key)) {
        seen.add(key);
        peers.push(peer);
      }
    }
  }
  return peers.length > 0 ? peers : [NO_CALLER_PEER];
}
