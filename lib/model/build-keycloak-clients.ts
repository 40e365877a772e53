import { ClientAccess, KeycloakClientProps } from '../blueprint/keycloak';
import { unknownRole } from './build-roles';
import { IssueCollector } from './errors';
import { BUILT_IN_CLIENTS, CLIENT_SECRET_KEY, ClientModel, ClientRoleModel, ClientRoleRefModel } from './keycloak-model';
import { hasCallerNamed } from './group-flow';
import { checkRedirectUri, checkWebOrigin, originOf } from './keycloak-uris';
import { FlowModel, PortModel, RoleModel, ServiceModel } from './model';
import { checkDnsLabel, checkDnsSubdomain } from './names';
import { compareNames } from '../name-order';

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** What the clients builder needs from the rest of the model. */
export interface ClientContext {
  readonly services: readonly ServiceModel[];
  readonly flows: readonly FlowModel[];
  readonly roles: ReadonlyMap<string, RoleModel>;
  /** The Keycloak service and its HTTPS port: every service-account client must be able to reach it. */
  readonly keycloak: ServiceModel;
  readonly httpsPort?: PortModel;
}

/** A declared client after its own checks, before audiences and scopes are resolved. */
interface DeclaredClient {
  readonly props: KeycloakClientProps;
  readonly path: string;
  readonly access: ClientAccess;
  readonly redirectUris: string[];
  readonly webOrigins: string[];
  readonly postLogoutRedirectUris: string[];
  readonly pkce: boolean;
  readonly roles: ClientRoleModel[];
}

/**
 * The realm's clients: the declared ones, plus a confidential service-account client for every service that
 * holds roles (merged with a declared client of the same ID). Sorted by client ID.
 */
export function buildClients(declared: readonly KeycloakClientProps[], ctx: ClientContext, issues: IssueCollector): ClientModel[] {
  const byId = new Map<string, DeclaredClient>();
  declared.forEach((props, i) => {
    const path = `keycloak.clients[${i}]`;
    const client = checkDeclared(props, path, ctx, issues);
    if (byId.has(props.clientId)) {
      issues.add('ZT-KC-101', `${path}.clientId`, `client "${props.clientId}" is declared twice`);
    } else {
      byId.set(props.clientId, client);
    }
  });

  const serviceClients = new Map<string, ServiceModel>();
  ctx.services.forEach((service) => {
    if (service.roles.length === 0) {
      return;
    }
    const path = `${service.path}.roles`;
    if (service.name === ctx.keycloak.name) {
      issues.add('ZT-KC-102', path, `service "${service.name}" runs Keycloak and cannot hold roles in its own realm`);
      return;
    }
    const same = byId.get(service.name);
    if (same && same.access === ClientAccess.PUBLIC) {
      issues.add('ZT-KC-103', `${same.path}.access`, `client "${service.name}" is the service account of service "${service.name}", which holds roles: a service account needs a confidential client`);
    }
    if (ctx.httpsPort && !reaches(service, ctx.keycloak, ctx.httpsPort, ctx.flows)) {
      issues.add('ZT-KC-104', path, `service "${service.name}" holds roles, so it gets a Keycloak service-account client, but the blueprint does not let it reach port "${ctx.httpsPort.name}" of "${ctx.keycloak.name}" to fetch tokens: add it (or its zone) to the allowFrom of "${ctx.keycloak.name}"`);
    }
    serviceClients.set(service.name, service);
  });

  const ids = [...new Set([...byId.keys(), ...serviceClients.keys()])].sort();
  const idSet = new Set(ids);
  // The flows into other clients of the realm, the only ones that give a service's tokens an audience.
  const intoClients = ctx.flows.filter((f) => f.target.name !== ctx.keycloak.name && idSet.has(f.target.name));
  const accessOf = (id: string) => byId.get(id)?.access ?? ClientAccess.CONFIDENTIAL;
  const rolesOf = (id: string) => byId.get(id)?.roles ?? [];

  return ids.map((clientId): ClientModel => {
    const d = byId.get(clientId);
    const service = serviceClients.get(clientId);
    const access = accessOf(clientId);
    const standardFlow = (d?.redirectUris.length ?? 0) > 0;
    const serviceAccount = service !== undefined && access === ClientAccess.CONFIDENTIAL;

    const audiences = new Set<string>();
    if (service) {
      // Tokens of a service are for the services it may call that are clients of the realm.
      for (const flow of intoClients) {
        if (flow.target.name !== service.name && !audiences.has(flow.target.name) && hasCallerNamed(flow, service.name)) {
          audiences.add(flow.target.name);
        }
      }
    }
    (d?.props.audiences ?? []).forEach((aud, k) => {
      const audPath = `${d!.path}.audiences[${k}]`;
      if (!ids.includes(aud)) {
        issues.add('ZT-KC-105', audPath, `unknown client "${aud}": an audience must be a client of the realm (known: ${ids.map((x) => `"${x}"`).join(', ')})`);
      } else if (accessOf(aud) === ClientAccess.PUBLIC) {
        issues.add('ZT-KC-106', audPath, `client "${aud}" is public: an audience is an API, which is a confidential client`);
      } else {
        audiences.add(aud);
      }
    });
    const sortedAudiences = [...audiences].sort();

    const serviceAccountRoles = serviceAccount ? [...service!.roles] : [];
    const serviceAccountEffectiveRoles = serviceAccount ? [...service!.effectiveRoles] : [];
    let scopeRealmRoles: string[];
    if (d?.props.scopeRealmRoles !== undefined) {
      scopeRealmRoles = [];
      d.props.scopeRealmRoles.forEach((r, k) => {
        if (!ctx.roles.has(r)) {
          issues.add('ZT-KC-107', `${d.path}.scopeRealmRoles[${k}]`, unknownRole(r, ctx.roles));
        } else {
          scopeRealmRoles.push(...ctx.roles.get(r)!.effective);
        }
      });
    } else if (standardFlow) {
      scopeRealmRoles = [...ctx.roles.keys()];
    } else {
      scopeRealmRoles = [...serviceAccountEffectiveRoles];
    }
    const scopeClientRoles: ClientRoleRefModel[] = sortedAudiences
      .filter((aud) => rolesOf(aud).length > 0)
      .map((aud) => ({ clientId: aud, roles: rolesOf(aud).map((r) => r.name).sort() }));

    return {
      clientId,
      name: d?.props.name,
      access,
      standardFlow,
      redirectUris: [...(d?.redirectUris ?? [])].sort(),
      webOrigins: [...(d?.webOrigins ?? [])].sort(),
      postLogoutRedirectUris: [...(d?.postLogoutRedirectUris ?? [])].sort(),
      pkce: d?.pkce ?? true,
      offlineAccess: d?.props.offlineAccess ?? false,
      service: service?.name,
      serviceAccount,
      serviceAccountRoles,
      serviceAccountEffectiveRoles,
      roles: [...rolesOf(clientId)].sort((a, b) => compareNames(a.name, b.name)),
      audiences: sortedAudiences,
      scopeRealmRoles: [...new Set(scopeRealmRoles)].sort(),
      scopeClientRoles,
      userClaims: standardFlow,
      secret: access === ClientAccess.CONFIDENTIAL ? {
        placeholder: secretPlaceholder(clientId),
        secretName: d?.props.secretName ?? `keycloak-client-${clientId}`,
        secretKey: CLIENT_SECRET_KEY,
      } : undefined,
    };
  });
}

/** The realm placeholder of a client's secret: `CLIENT_SECRET_<CLIENT_ID>`, an environment variable name. */
export function secretPlaceholder(clientId: string): string {
  return `CLIENT_SECRET_${clientId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

function checkDeclared(props: KeycloakClientProps, path: string, ctx: ClientContext, issues: IssueCollector): DeclaredClient {
  const problem = checkDnsLabel(props.clientId);
  if (problem) {
    issues.add('ZT-KC-108', `${path}.clientId`, problem);
  }
  if (BUILT_IN_CLIENTS.includes(props.clientId)) {
    issues.add('ZT-KC-109', `${path}.clientId`, `"${props.clientId}" is a client Keycloak creates in every realm: choose another client ID`);
  }
  const access = props.access ?? ClientAccess.CONFIDENTIAL;
  const redirectUris = props.redirectUris ?? [];
  redirectUris.forEach((uri, k) => issues.check('ZT-KC-110', `${path}.redirectUris[${k}]`, checkRedirectUri(uri)));
  const postLogoutRedirectUris = props.postLogoutRedirectUris ?? [];
  postLogoutRedirectUris.forEach((uri, k) => issues.check('ZT-KC-111', `${path}.postLogoutRedirectUris[${k}]`, checkRedirectUri(uri)));
  const webOrigins = props.webOrigins
    ?? [...new Set(redirectUris.map(originOf).filter((o): o is string => o !== undefined && o.startsWith('https://')))];
  (props.webOrigins ?? []).forEach((origin, k) => issues.check('ZT-KC-112', `${path}.webOrigins[${k}]`, checkWebOrigin(origin)));
  if (props.webOrigins && redirectUris.length === 0 && props.webOrigins.length > 0) {
    issues.add('ZT-KC-113', `${path}.webOrigins`, 'web origins only matter for a client that logs users in: add redirectUris or remove webOrigins');
  }
  const pkce = props.pkce ?? true;
  if (access === ClientAccess.PUBLIC) {
    if (redirectUris.length === 0) {
      issues.add('ZT-KC-114', `${path}.redirectUris`, `public client "${props.clientId}" logs users in through the browser: list its exact https redirect URIs`);
    }
    if (!pkce) {
      issues.add('ZT-KC-115', `${path}.pkce`, `public client "${props.clientId}" has no secret, so PKCE (S256) is what protects its authorization codes: remove \`pkce: false\``);
    }
    if (props.secretName !== undefined) {
      issues.add('ZT-KC-116', `${path}.secretName`, `public client "${props.clientId}" has no secret: remove secretName`);
    }
  }
  if (props.secretName !== undefined) {
    issues.check('ZT-KC-117', `${path}.secretName`, checkDnsSubdomain(props.secretName));
  }
  const roles: ClientRoleModel[] = [];
  const seen = new Set<string>();
  (props.roles ?? []).forEach((role, k) => {
    if (!ROLE_NAME.test(role.name)) {
      issues.add('ZT-KC-118', `${path}.roles[${k}].name`, `"${role.name}" is not a valid role name: use lowercase letters, digits, '-' and '_', starting with a letter`);
    }
    if (seen.has(role.name)) {
      issues.add('ZT-KC-119', `${path}.roles[${k}].name`, `role "${role.name}" is declared twice in client "${props.clientId}"`);
    }
    seen.add(role.name);
    roles.push({ name: role.name, description: role.description });
  });
  if (props.clientId === ctx.keycloak.name) {
    issues.add('ZT-KC-120', `${path}.clientId`, `"${props.clientId}" is the Keycloak service itself: choose another client ID`);
  }
  return { props, path, access, redirectUris, webOrigins, postLogoutRedirectUris, pkce, roles };
}

/** Whether the blueprint lets `caller` reach `port` of `target` (a flow names it, or its zone, as a caller). */
export function reaches(caller: ServiceModel, target: ServiceModel, port: PortModel, flows: readonly FlowModel[]): boolean {
  return (flowsByTarget(flows).get(target.name) ?? []).some((f) => f.ports.some((p) => p.name === port.name)
    && hasCallerNamed(f, caller.name));
}

// The flows indexed by target once per flow list, so a check per client or per route reads only the target's flows.
const targetIndexes = new WeakMap<readonly FlowModel[], Map<string, FlowModel[]>>();

function flowsByTarget(flows: readonly FlowModel[]): Map<string, FlowModel[]> {
  let index = targetIndexes.get(flows);
  if (!index) {
    index = new Map();
    for (const f of flows) {
      (index.get(f.target.name) ?? index.set(f.target.name, []).get(f.target.name)!).push(f);
    }
    targetIndexes.set(flows, index);
  }
  return index;
}

