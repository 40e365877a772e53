import { HttpMethod, PathMatchType } from '../blueprint/mesh';
import { PortModel, ServiceModel } from './model';

/** The edge: an Envoy Gateway `Gateway` in front of the exposed APIs, checking end users' tokens. */
export interface EdgeModel {
  /** The DMZ service that is the edge: the Gateway takes its name and namespace. */
  readonly service: ServiceModel;
  readonly gatewayName: string;
  readonly namespace: string;
  readonly gatewayClassName: string;
  /** The listener: HTTPS on the service's first port, TLS terminated with `tlsSecretName`. */
  readonly listenerPort: PortModel;
  readonly tlsSecretName: string;
  /** Sorted; empty means any host. */
  readonly hostnames: readonly string[];
  /** The proxy pods Envoy Gateway runs for the Gateway: their namespace and ServiceAccount (mesh identity). */
  readonly proxy: EdgeProxyModel;
  /** The realm whose tokens the edge accepts. */
  readonly issuer: string;
  /** The realm's keys at its public hostname (the token contract's `jwks-uri`). */
  readonly jwksUri: string;
  /** Where the proxy fetches the keys in the cluster; undefined: from `jwksUri`. */
  readonly jwksBackend?: EdgeJwksBackendModel;
  /** Custom claims copied into request headers for the backends; sorted by claim. */
  readonly claimHeaders: readonly ClaimHeaderModel[];
  /** In declaration order. */
  readonly apis: readonly EdgeApiModel[];
}

export interface EdgeProxyModel {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Labels Envoy Gateway puts on the proxy pods of this Gateway. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * Keycloak's Service as the proxy's JWKS backend (`remoteJWKS.backendRefs`), verified with the service CA's
 * trust bundle (a `BackendTLSPolicy` on the Service).
 */
export interface EdgeJwksBackendModel {
  readonly service: ServiceModel;
  readonly port: PortModel;
  /** `https://<hostname>:<port>/realms/<realm>/protocol/openid-connect/certs`. */
  readonly uri: string;
  /** SNI, and the name the certificate must carry. */
  readonly hostname: string;
  /** ConfigMap (in the Service's namespace) and key holding the CA bundle. */
  readonly caConfigMap: { readonly name: string; readonly key: string };
}

export interface ClaimHeaderModel {
  readonly claim: string;
  readonly header: string;
}

/** One exposed API: an HTTPRoute (one rule per route, plus a default rule) and its SecurityPolicy. */
export interface EdgeApiModel {
  readonly service: ServiceModel;
  readonly port: PortModel;
  /** The API's client: the audience tokens must carry, and the owner of the client roles. */
  readonly clientId: string;
  /** Name of the HTTPRoute, the SecurityPolicy and the token contract ConfigMap's prefix. */
  readonly name: string;
  readonly routes: readonly EdgeRouteModel[];
}

/** What the edge requires of a request on one route. */
export interface EdgeRouteModel {
  readonly name: string;
  readonly pathMatch: PathMatchType;
  readonly path: string;
  /** Sorted; empty means every method. */
  readonly methods: readonly HttpMethod[];
  /** No token needed (a presented one must still be valid). */
  readonly public: boolean;
  /** End-user realm roles, one of which the token must carry; sorted. */
  readonly userRoles: readonly string[];
  /** End-user client roles of the API's client, one of which the token must carry; sorted. */
  readonly clientRoles: readonly string[];
}
