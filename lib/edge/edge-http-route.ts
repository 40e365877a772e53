import { Construct } from 'constructs';
import {
  HttpRoute, HttpRouteSpecRules, HttpRouteSpecRulesMatches, HttpRouteSpecRulesMatchesMethod, HttpRouteSpecRulesMatchesPathType,
} from '../imports/gateway.networking.k8s.io';
import { LABELS, managedLabels } from '../labels';
import { EdgeApiModel, EdgeModel, EdgeRouteModel } from '../model/edge-model';

/** Name of the rule that catches every request no declared route matches (the SecurityPolicy denies it). */
export const DEFAULT_RULE = 'default';

/**
 * One HTTPRoute per exposed API, attached to the edge Gateway: a named rule per declared route and a
 * default rule for everything else. All rules forward to the API's Service; what may pass is the
 * SecurityPolicy's decision, which targets the whole route.
 */
export class EdgeHttpRoute extends Construct {
  constructor(scope: Construct, id: string, edge: EdgeModel, api: EdgeApiModel) {
    super(scope, id);
    const backendRefs = [{ name: api.service.name, port: api.port.port }];
    const rules: HttpRouteSpecRules[] = [
      ...api.routes.map((r) => ({ name: r.name, matches: matchesOf(r), backendRefs })),
      { name: DEFAULT_RULE, matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }], backendRefs },
    ];
    new HttpRoute(this, 'Resource', {
      metadata: { name: api.name, namespace: api.service.namespace, labels: managedLabels({ [LABELS.service]: api.service.name }) },
      spec: {
        parentRefs: [{ name: edge.gatewayName, namespace: edge.namespace, sectionName: edge.listenerPort.name }],
        ...(edge.hostnames.length > 0 ? { hostnames: [...edge.hostnames] } : {}),
        rules,
      },
    });
  }
}

function matchesOf(r: EdgeRouteModel): HttpRouteSpecRulesMatches[] {
  // The blueprint's enums carry the Gateway API's own strings.
  const path = { type: r.pathMatch as string as HttpRouteSpecRulesMatchesPathType, value: r.path };
  return r.methods.length === 0
    ? [{ path }]
    : r.methods.map((m) => ({ path, method: m as string as HttpRouteSpecRulesMatchesMethod }));
}
