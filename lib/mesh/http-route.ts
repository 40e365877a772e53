import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpMethod, HttpRouteApi, PathMatchType } from '../blueprint/mesh';
import { HttpRouteV1Beta3 } from '../rendering/typed-objects';
import {
  HttpRouteV1Beta3Spec, HttpRouteV1Beta3SpecRulesMatches, HttpRouteV1Beta3SpecRulesMatchesMethod, HttpRouteV1Beta3SpecRulesMatchesPathType,
} from '../imports/policy.linkerd.io';
import { POLICY_GROUP, PolicyRef, serverRef } from './refs';

/** API group of the Gateway API, whose HTTPRoute Linkerd also accepts. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** One request match: a path and, optionally, methods (each method becomes one HTTPRoute match). */
export interface RouteMatch {
  readonly pathMatch: PathMatchType;
  readonly path: string;
  /** Empty: every method. */
  readonly methods: readonly HttpMethod[];
}

export interface MeshHttpRouteProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The Server the route attaches to (parentRef). */
  readonly serverName: string;
  readonly matches: readonly RouteMatch[];
  readonly api: HttpRouteApi;
}

/**
 * An HTTPRoute attached to a Linkerd Server: Linkerd's `policy.linkerd.io/v1beta3` by default, or the
 * Gateway API's `gateway.networking.k8s.io/v1` (same spec shape; emitted untyped because the project
 * imports no Gateway API CRDs).
 */
export class MeshHttpRoute extends Construct {
  /** Reference for an AuthorizationPolicy `targetRef`. */
  public readonly ref: PolicyRef;

  constructor(scope: Construct, id: string, props: MeshHttpRouteProps) {
    super(scope, id);
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    const spec: HttpRouteV1Beta3Spec = {
      parentRefs: [{ ...serverRef(props.serverName) }],
      rules: [{ matches: props.matches.flatMap(toMatches) }],
    };
    if (props.api === HttpRouteApi.GATEWAY_API) {
      new ApiObject(this, 'Resource', { apiVersion: `${GATEWAY_API_GROUP}/v1`, kind: 'HTTPRoute', metadata, spec });
      this.ref = { group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: props.name };
    } else {
      new HttpRouteV1Beta3(this, 'Resource', { metadata, spec });
      this.ref = { group: POLICY_GROUP, kind: 'HTTPRoute', name: props.name };
    }
  }
}

function toMatches(m: RouteMatch): HttpRouteV1Beta3SpecRulesMatches[] {
  // The blueprint's enums carry the Gateway API's own strings.
  const path = { type: m.pathMatch as string as HttpRouteV1Beta3SpecRulesMatchesPathType, value: m.path };
  return m.methods.length === 0
    ? [{ path }]
    : m.methods.map((method) => ({ path, method: method as string as HttpRouteV1Beta3SpecRulesMatchesMethod }));
}
