import { Construct } from 'constructs';
import { EdgeModel } from '../model/edge-model';
import { EdgeEnvoyProxy, EdgeGateway } from './edge-gateway';
import { EdgeHttpRoute } from './edge-http-route';
import { EdgeJwksBackendTls, EdgeJwksReferenceGrant } from './edge-jwks-backend';
import { EdgeSecurityPolicy } from './edge-security-policy';
import { TokenContract } from './token-contract';

/**
 * The edge: the Gateway and its EnvoyProxy, per exposed API an HTTPRoute, a SecurityPolicy and a token
 * contract, and the TLS policy (and, across namespaces, the ReferenceGrant) of the proxy's JWKS fetch from Keycloak.
 */
export class Edge extends Construct {
  constructor(scope: Construct, id: string, edge: EdgeModel) {
    super(scope, id);
    const proxy = new EdgeEnvoyProxy(this, 'EnvoyProxy', edge);
    new EdgeGateway(this, 'Gateway', edge, proxy.name);
    for (const api of edge.apis) {
      const scopeOfApi = new Construct(this, api.service.name);
      new EdgeHttpRoute(scopeOfApi, 'HttpRoute', edge, api);
      new EdgeSecurityPolicy(scopeOfApi, 'SecurityPolicy', edge, api);
      new TokenContract(scopeOfApi, 'TokenContract', edge, api);
    }
    if (edge.jwksBackend) {
      new EdgeJwksBackendTls(this, 'JwksBackendTls', edge.jwksBackend);
      if (EdgeJwksReferenceGrant.needed(edge, edge.jwksBackend)) {
        new EdgeJwksReferenceGrant(this, 'JwksReferenceGrant', edge, edge.jwksBackend);
      }
    }
  }
}
