import { Construct } from 'constructs';
import { EdgeModel } from '../model/edge-model';
import { EdgeEnvoyProxy, EdgeGateway } from './edge-gateway';
import { EdgeHttpRoute } from './edge-http-route';
import { EdgeSecurityPolicy } from './edge-security-policy';
import { TokenContract } from './token-contract';

/** The edge: the Gateway and its EnvoyProxy, and per exposed API an HTTPRoute, a SecurityPolicy and a token contract. */
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
  }
}
