/**
 * The kinds the layer-agreement check reads (NetworkPolicies, Namespaces for their labels, Linkerd policy
 * and routes): the synth-time check renders only these, not every object of the chart.
 */
export const LAYER_AGREEMENT_KINDS: ReadonlySet<string> = new Set([
  'NetworkPolicy', 'Namespace',
  'Server', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'NetworkAuthentication', 'HTTPRoute',
]);
