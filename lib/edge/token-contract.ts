import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { LABELS, managedLabels } from '../labels';
import { EdgeApiModel, EdgeModel } from '../model/edge-model';
import { clientRolesClaim, REALM_ROLES_CLAIM } from './authorization-rules';

/**
 * The token contract of one API, for calls that do not pass the edge (a service forwarding a user's
 * token): a ConfigMap `<service>-token-contract` with what the edge checks, so the service's middleware
 * can check the same (docs/application-layer.md).
 */
export class TokenContract extends Construct {
  constructor(scope: Construct, id: string, edge: EdgeModel, api: EdgeApiModel) {
    super(scope, id);
    const routes = api.routes.map((r) => ({
      name: r.name,
      pathMatch: r.pathMatch,
      path: r.path,
      methods: [...r.methods],
      public: r.public,
      requireUserRoles: [...r.userRoles],
      requireClientRoles: [...r.clientRoles],
    }));
    new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${api.service.name}-token-contract`, namespace: api.service.namespace, labels: managedLabels({ [LABELS.service]: api.service.name }) },
      data: {
        'issuer': edge.issuer,
        'jwks-uri': edge.jwksUri,
        'audience': api.clientId,
        'token-header': 'Authorization: Bearer <token>',
        'realm-roles-claim': REALM_ROLES_CLAIM,
        'client-roles-claim': clientRolesClaim(api.clientId),
        'claim-headers.json': `${JSON.stringify(Object.fromEntries(edge.claimHeaders.map((c) => [c.claim, c.header])), null, 2)}\n`,
        'routes.json': `${JSON.stringify(routes, null, 2)}\n`,
      },
    });
  }
}
