import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { EdgeApiProps } from '../blueprint/edge';
import { ClientAccess } from '../blueprint/keycloak';
import { HttpMethod, HttpRouteProps, PathMatchType } from '../blueprint/mesh';
import { ZoneRole } from '../blueprint/zone';
import { reaches } from './build-keycloak-clients';
import { unknownRole } from './build-roles';
import { ClaimHeaderModel, EdgeApiModel, EdgeModel, EdgeRouteModel } from './edge-model';
import { edgeProxyWorkload, JwksBackend } from './build-edge-proxy';
import { apiPort } from './edge-api-port';
import { ENVOY_GATEWAY_DEFAULTS } from './envoy-gateway-names';
import { IssueCollector } from './errors';
import { KeycloakModel } from './keycloak-model';
import { CA_BUNDLE_KEY, PKI_NAMES } from './pki-model';
import { FlowModel, RoleModel, ServiceModel } from './model';
import { checkDnsLabel, checkDnsSubdomain } from './names';

/** An HTTPRoute holds at most 16 rules; one is the default rule. */
const MAX_EDGE_ROUTES = 15;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What the edge builder reads from the rest of the model. */
export interface EdgeContext {
  readonly services: readonly ServiceModel[];
  /** The service built from `props.services[i]`; undefined where the schema check left the entry out. */
  readonly serviceAt: readonly (ServiceModel | undefined)[];
  readonly flows: readonly FlowModel[];
  readonly roles: ReadonlyMap<string, RoleModel>;
  readonly keycloak?: KeycloakModel;
  /** Keycloak's Service, when the proxy fetches the JWKS in the cluster (see `realizeEdge`). */
  readonly jwks?: JwksBackend;
}

/**
 * Normalizes and checks `edge`, and the end-user requirements of every route (which only the edge can
 * check). Returns undefined when the blueprint has no edge.
 */
export function buildEdge(props: ZeroTrustBlueprintProps, ctx: EdgeContext, issues: IssueCollector): EdgeModel | undefined {
  const exposed = new Set((props.edge?.apis ?? []).map((a) => a.service));
  checkUnexposedRoutes(props, ctx, exposed, issues);
  const edge = props.edge;
  if (!edge) {
    return undefined;
  }
  if (!props.keycloak) {
    issues.add('ZT-EDGE-001', 'edge', 'the edge validates Keycloak tokens: declare `keycloak` (the realm that issues them)');
  }
  const service = ctx.services.find((s) => s.name === edge.service);
  if (!service) {
    issues.add('ZT-EDGE-002', 'edge.service', `unknown service "${edge.service}": name the DMZ gateway service declared in \`services\``);
  } else if (service.zone.role !== ZoneRole.DMZ) {
    issues.add('ZT-EDGE-003', 'edge.service', `service "${service.name}" is in zone "${service.zone.name}" (${service.zone.role}): the edge is the entry point from the internet and must be a ${ZoneRole.DMZ} zone service`);
  } else if (service.ports.length === 0) {
    issues.add('ZT-EDGE-004', 'edge.service', `service "${service.name}" declares no ports: its first port becomes the Gateway's HTTPS listener`);
  }
  const gatewayClassName = edge.gatewayClassName ?? ENVOY_GATEWAY_DEFAULTS.gatewayClassName;
  issues.check('ZT-EDGE-005', 'edge.gatewayClassName', checkDnsSubdomain(gatewayClassName));
  const controllerNamespace = edge.controllerNamespace ?? ENVOY_GATEWAY_DEFAULTS.controllerNamespace;
  issues.check('ZT-EDGE-006', 'edge.controllerNamespace', checkDnsLabel(controllerNamespace));
  if (edge.proxyServiceAccount !== undefined) {
    issues.check('ZT-EDGE-007', 'edge.proxyServiceAccount', checkDnsSubdomain(edge.proxyServiceAccount));
  }
  const tlsSecretName = edge.tlsSecretName ?? `${edge.service}-edge-tls`;
  issues.check('ZT-EDGE-008', 'edge.tlsSecretName', checkDnsSubdomain(tlsSecretName));
  const hostnames = [...new Set(edge.hostnames ?? [])].sort();
  (edge.hostnames ?? []).forEach((h, i) => {
    if (!HOSTNAME.test(h) || h.length > 253) {
      issues.add('ZT-EDGE-009', `edge.hostnames[${i}]`, `"${h}" is not a host name: write a lowercase DNS name such as api.example.com (a leading "*." is allowed)`);
    }
  });
  if (edge.apis.length === 0) {
    issues.add('ZT-EDGE-010', 'edge.apis', 'list at least one API the edge exposes');
  }
  const seen = new Set<string>();
  const apis = edge.apis.flatMap((api, i): EdgeApiModel[] => {
    const path = `edge.apis[${i}]`;
    if (seen.has(api.service)) {
      issues.add('ZT-EDGE-011', `${path}.service`, `service "${api.service}" is exposed twice: declare each API once`);
      return [];
    }
    seen.add(api.service);
    const built = buildApi(props, api, path, service, ctx, issues);
    return built ? [built] : [];
  });
  if (!service || !ctx.keycloak) {
    return undefined;
  }
  const namespace = service.namespace;
  const proxy = edgeProxyWorkload(edge, namespace);
  const issuer = `${ctx.keycloak.hostnameUrl}/realms/${ctx.keycloak.realm.name}`;
  return {
    service,
    gatewayName: service.name,
    namespace,
    gatewayClassName,
    listenerPort: service.ports[0],
    tlsSecretName,
    hostnames,
    proxy: { namespace: proxy.namespace, serviceAccount: proxy.serviceAccountName, podLabels: proxy.podLabels },
    issuer,
    jwksUri: `${issuer}/protocol/openid-connect/certs`,
    jwksBackend: ctx.jwks && {
      service: ctx.jwks.service,
      port: ctx.jwks.port,
      uri: `https://${ctx.jwks.hostname}:${ctx.jwks.port.port}/realms/${ctx.keycloak.realm.name}/protocol/openid-connect/certs`,
      hostname: ctx.jwks.hostname,
      caConfigMap: { name: PKI_NAMES.serviceCa, key: CA_BUNDLE_KEY },
    },
    claimHeaders: claimHeaders(ctx.keycloak),
    apis,
  };
}

/** The subject and the realm's custom claims, as `x-jwt-claim-<claim>` request headers. */
function claimHeaders(keycloak: KeycloakModel): ClaimHeaderModel[] {
  return ['sub', ...keycloak.realm.claims.map((c) => c.name)]
    .sort()
    .map((claim) => ({ claim, header: `x-jwt-claim-${claim.toLowerCase().replace(/_/g, '-')}` }));
}

function buildApi(
  props: ZeroTrustBlueprintProps,
  api: EdgeApiProps,
  path: string,
  edgeService: ServiceModel | undefined,
  ctx: EdgeContext,
  issues: IssueCollector,
): EdgeApiModel | undefined {
  const index = props.services.findIndex((s, i) => ctx.serviceAt[i] !== undefined && s.name === api.service);
  const service = ctx.services.find((s) => s.name === api.service);
  if (!service || index < 0) {
    issues.add('ZT-EDGE-012', `${path}.service`, `unknown service "${api.service}": declare it in \`services\``);
    return undefined;
  }
  const port = apiPort(api, service, { path, issues });
  const clientId = api.clientId ?? api.service;
  const client = checkClient(clientId, path, ctx.keycloak, issues);
  if (!port) {
    return undefined;
  }
  if (edgeService && !reaches(edgeService, service, port, ctx.flows)) {
    issues.add('ZT-EDGE-013', `${path}.port`, `the edge "${edgeService.name}" may not call port "${port.name}" of "${service.name}": add \`{ service: ${edgeService.name}, ports: [${port.name}] }\` to the allowFrom of "${service.name}"`);
  }
  const routeProps = (props.services[index].routes ?? [])
    .map((r, j) => ({ r, routePath: `services[${index}].routes[${j}]` }))
    .filter(({ r }) => r.port === undefined || r.port === port.name);
  if (routeProps.length === 0) {
    issues.add('ZT-EDGE-014', `${path}.service`, `service "${service.name}" declares no routes on port "${port.name}": the edge only lets declared routes through, so declare its \`routes\` with their required roles`);
  }
  if (routeProps.length > MAX_EDGE_ROUTES) {
    issues.add('ZT-EDGE-015', `${path}.service`, `service "${service.name}" has ${routeProps.length} routes on port "${port.name}": one HTTPRoute holds at most ${MAX_EDGE_ROUTES} besides its default rule; merge routes`);
  }
  const clientRoles = new Set(client?.roles.map((r) => r.name) ?? []);
  const routes = routeProps.map(({ r, routePath }) => buildRoute(r, routePath, clientId, clientRoles, client !== undefined, ctx.roles, issues));
  return { service, port, clientId, name: `${service.name}-edge`, routes };
}

function checkClient(clientId: string, path: string, keycloak: KeycloakModel | undefined, issues: IssueCollector) {
  if (!keycloak) {
    return undefined;
  }
  const clients = keycloak.realm.clients;
  const client = clients.find((c) => c.clientId === clientId);
  if (!client) {
    issues.add('ZT-EDGE-018', `${path}.clientId`, `the realm has no client "${clientId}": the API's client is the audience tokens must carry; declare it in keycloak.clients, or set clientId`);
    return undefined;
  }
  if (client.access === ClientAccess.PUBLIC) {
    issues.add('ZT-EDGE-019', `${path}.clientId`, `client "${clientId}" is public: an API is a confidential client`);
  }
  if (!clients.some((c) => c.standardFlow && c.audiences.includes(clientId))) {
    issues.add('ZT-EDGE-020', `${path}.clientId`, `no client that logs users in has "${clientId}" in its audiences, so users' tokens would carry no aud "${clientId}" and the edge would refuse every request: add it to the \`audiences\` of the app's client`);
  }
  return client;
}

function buildRoute(
  r: HttpRouteProps,
  path: string,
  clientId: string,
  clientRoles: ReadonlySet<string>,
  checkClientRoles: boolean,
  roles: ReadonlyMap<string, RoleModel>,
  issues: IssueCollector,
): EdgeRouteModel {
  const userRoles = [...new Set(r.requireUserRoles ?? [])].sort();
  (r.requireUserRoles ?? []).forEach((role, k) => {
    if (!roles.has(role)) {
      issues.add('ZT-EDGE-021', `${path}.requireUserRoles[${k}]`, unknownRole(role, roles));
    }
  });
  const required = [...new Set(r.requireClientRoles ?? [])].sort();
  (r.requireClientRoles ?? []).forEach((role, k) => {
    if (checkClientRoles && !clientRoles.has(role)) {
      issues.add('ZT-EDGE-022', `${path}.requireClientRoles[${k}]`, `client "${clientId}" has no role "${role}" (its roles: ${[...clientRoles].map((x) => `"${x}"`).join(', ') || 'none'}): declare it in the client's \`roles\``);
    }
  });
  const isPublic = r.public ?? false;
  if (isPublic && (userRoles.length > 0 || required.length > 0)) {
    issues.add('ZT-EDGE-023', `${path}.public`, 'a public route needs no token, so it cannot require roles: remove `public`, or the required roles');
  }
  if (r.requireUserRoles?.length === 0 || r.requireClientRoles?.length === 0) {
    issues.add('ZT-EDGE-024', path, 'an empty role list requires nothing: list roles, or omit the field (a valid token is still required)');
  }
  return {
    name: r.name,
    pathMatch: r.pathMatch ?? PathMatchType.PATH_PREFIX,
    path: r.path ?? '/',
    methods: [...new Set(r.methods ?? [])].sort() as HttpMethod[],
    public: isPublic,
    userRoles,
    clientRoles: required,
  };
}

/** End-user requirements on a service the edge does not expose would never be checked: refuse them. */
function checkUnexposedRoutes(props: ZeroTrustBlueprintProps, ctx: EdgeContext, exposed: ReadonlySet<string>, issues: IssueCollector): void {
  props.services.forEach((svc, i) => {
    if (!ctx.serviceAt[i] || exposed.has(svc.name)) { // a malformed entry is reported by the schema check
      return;
    }
    (svc.routes ?? []).forEach((r, j) => {
      const fields = (['requireUserRoles', 'requireClientRoles', 'public'] as const).filter((f) => r[f] !== undefined);
      if (fields.length > 0) {
        issues.add('ZT-EDGE-025', `services[${i}].routes[${j}].${fields[0]}`, `only the edge checks end users' tokens, and it does not expose service "${svc.name}": add { service: ${svc.name} } to edge.apis, or remove ${fields.map((f) => `\`${f}\``).join(', ')}`);
      }
    });
  });
}
