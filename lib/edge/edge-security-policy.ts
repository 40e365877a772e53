import { Construct } from 'constructs';
import {
  SecurityPolicy, SecurityPolicySpecAuthorizationDefaultAction, SecurityPolicySpecAuthorizationRules,
  SecurityPolicySpecAuthorizationRulesAction, SecurityPolicySpecAuthorizationRulesOperationMethods,
  SecurityPolicySpecAuthorizationRulesOperationPathType, SecurityPolicySpecAuthorizationRulesPrincipalJwtClaimsValueType,
  SecurityPolicySpecJwtProvidersRemoteJwksBackendRefs,
} from '../imports/gateway.envoyproxy.io';
import { LABELS, managedLabels } from '../labels';
import { EdgeApiModel, EdgeJwksBackendModel, EdgeModel } from '../model/edge-model';
import { ANY_CLIENT, AuthorizationRule, authorizationRules, JWT_PROVIDER } from './authorization-rules';
import { GATEWAY_API_GROUP } from './edge-gateway';

/**
 * The SecurityPolicy of one exposed API. It targets the whole HTTPRoute (a rule-scoped policy would leave
 * the route's other rules without any token check): the token is read from `Authorization: Bearer` only
 * (never from `?access_token=`), must be signed by the realm's keys, issued by the realm and meant for the
 * API's client (`aud`); then the per-route rules decide, and anything else is denied.
 */
export class EdgeSecurityPolicy extends Construct {
  constructor(scope: Construct, id: string, edge: EdgeModel, api: EdgeApiModel) {
    super(scope, id);
    const rules = authorizationRules(edge, api);
    new SecurityPolicy(this, 'Resource', {
      metadata: { name: api.name, namespace: api.service.namespace, labels: managedLabels({ [LABELS.service]: api.service.name }) },
      spec: {
        targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: api.name }],
        jwt: {
          // A route the blueprint marks public passes without a token; every other rule requires one.
          ...(api.routes.some((r) => r.public) ? { optional: true } : {}),
          providers: [{
            name: JWT_PROVIDER,
            issuer: edge.issuer,
            audiences: [api.clientId],
            // In the cluster, from Keycloak's Service (the proxy's JWKS flow); else from the public hostname.
            remoteJwks: edge.jwksBackend
              ? { uri: edge.jwksBackend.uri, backendRefs: [jwksBackendRef(edge.jwksBackend, api)] }
              : { uri: edge.jwksUri },
            extractFrom: { headers: [{ name: 'Authorization', valuePrefix: 'Bearer ' }] },
            claimToHeaders: edge.claimHeaders.map((c) => ({ claim: c.claim, header: c.header })),
          }],
        },
        authorization: {
          defaultAction: SecurityPolicySpecAuthorizationDefaultAction.DENY,
          rules: rules.map(toRule),
        },
      },
    });
  }
}

function jwksBackendRef(backend: EdgeJwksBackendModel, api: EdgeApiModel): SecurityPolicySpecJwtProvidersRemoteJwksBackendRefs {
  return {
    group: '',
    kind: 'Service',
    name: backend.service.name,
    ...(backend.service.namespace !== api.service.namespace ? { namespace: backend.service.namespace } : {}),
    port: backend.port.port,
  };
}

function toRule(rule: AuthorizationRule): SecurityPolicySpecAuthorizationRules {
  return {
    name: rule.name,
    action: rule.action as string as SecurityPolicySpecAuthorizationRulesAction,
    operation: {
      ...(rule.methods.length > 0 ? { methods: rule.methods.map((m) => m as SecurityPolicySpecAuthorizationRulesOperationMethods) } : {}),
      path: { type: rule.pathMatch as string as SecurityPolicySpecAuthorizationRulesOperationPathType, value: rule.path },
    },
    ...(rule.claims ? {
      principal: {
        jwt: {
          provider: JWT_PROVIDER,
          claims: rule.claims.map((c) => ({
            name: c.name,
            valueType: c.valueType as string as SecurityPolicySpecAuthorizationRulesPrincipalJwtClaimsValueType,
            values: [...c.values],
          })),
        },
      },
    } : { principal: { clientCidRs: [...ANY_CLIENT] } }),
  };
}
