import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import {
  CustomClaimProps, KeycloakDatabaseProps, KeycloakGroupProps, KeycloakProps,
  UserProfileAttributeProps,
} from '../blueprint/keycloak';
import { buildClients, reaches } from './build-keycloak-clients';
import { buildProxyTrust, buildSigningKeys } from './build-keycloak-hardening';
import { buildKeycloakOperator } from './build-keycloak-server';
import { buildRealmSecurity } from './build-keycloak-security';
import { buildRealmOverrides } from './build-realm-overrides';
import { unknownRole } from './build-roles';
import { IssueCollector } from './errors';
import {
  BUILT_IN_PROFILE_ATTRIBUTES, ClaimModel, ClientModel, ClientRoleRefModel, GroupModel, KeycloakDatabaseModel,
  KeycloakModel, UserProfileAttributeModel,
} from './keycloak-model';
import { FlowModel, PortModel, RoleModel, ServiceModel } from './model';
import { checkDnsSubdomain, checkPortNumber } from './names';
import { compareNames } from '../name-order';

export const DEFAULT_KEYCLOAK_SERVICE = 'keycloak';
export const DEFAULT_REALM = 'platform';
export const DEFAULT_CLAIMS: readonly CustomClaimProps[] = [{ name: 'organization' }, { name: 'department' }, { name: 'employee_id' }];
export const DEFAULT_OTP_ROLES: readonly string[] = ['admin', 'operator'];
/** JGroups ports the Keycloak pods of one cluster talk to each other on (data and failure detection). */
export const JGROUPS_PORTS: readonly number[] = [7800, 57800];

const REALM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
/** Claims Keycloak or OIDC define; a custom claim must not overwrite them. */
const RESERVED_CLAIMS = new Set([
  'acr', 'allowed-origins', 'amr', 'at_hash', 'aud', 'auth_time', 'azp', 'c_hash', 'email', 'email_verified',
  'exp', 'family_name', 'given_name', 'iat', 'iss', 'jti', 'name', 'nbf', 'nonce', 'preferred_username',
  'realm_access', 'resource_access', 'scope', 'session_state', 'sid', 'sub', 'typ',
]);

/**
 * Normalizes and checks `keycloak`: the server (service, ports, database, TLS) and the realm (security,
 * roles, clients, groups, claims, MFA). Returns undefined when the blueprint has no Keycloak.
 */
export function buildKeycloak(
  props: ZeroTrustBlueprintProps,
  services: readonly ServiceModel[],
  flows: readonly FlowModel[],
  roles: readonly RoleModel[],
  issues: IssueCollector,
): KeycloakModel | undefined {
  const kc = props.keycloak;
  if (!kc) {
    return undefined;
  }
  const serviceName = kc.service ?? DEFAULT_KEYCLOAK_SERVICE;
  const service = services.find((s) => s.name === serviceName);
  if (!service) {
    issues.add('ZT-KC-001', 'keycloak.service', `unknown service "${serviceName}": declare the service that runs Keycloak in \`services\`, or name it in keycloak.service`);
    return undefined;
  }
  const roleByName = new Map(roles.map((r) => [r.name, r]));
  const https = requirePort(service, 'https', issues);
  const management = requirePort(service, 'management', issues);
  if (management && !management.metrics) {
    issues.add('ZT-KC-002', 'keycloak.service', `port "management" of service "${service.name}" serves Keycloak's /metrics: mark it \`metrics: true\` so the metrics scraper may reach it`);
  }
  checkHostname(kc.hostname, issues);
  const instances = kc.instances ?? 1;
  if (!Number.isInteger(instances) || instances < 1) {
    issues.add('ZT-KC-003', 'keycloak.instances', `${instances} is not a positive whole number of pods`);
  } else if (instances > 1) {
    checkClusterPorts(service, flows, issues);
  }
  const tlsSecretName = kc.tlsSecretName ?? tlsSecretOf(service);
  issues.check('ZT-KC-004', 'keycloak.tlsSecretName', checkDnsSubdomain(tlsSecretName));

  const realmName = kc.realm ?? DEFAULT_REALM;
  if (!REALM_NAME.test(realmName) || realmName === 'master') {
    issues.add('ZT-KC-005', 'keycloak.realm', `"${realmName}" cannot be a realm name here: use letters, digits, '-' and '_' (and not "master", Keycloak's administration realm)`);
  }
  const security = buildRealmSecurity(kc.security, 'keycloak.security', issues);
  const clients = buildClients(kc.clients ?? [], { services, flows, roles: roleByName, keycloak: service, httpsPort: https }, issues);
  const groups = buildGroups(kc.groups ?? [], roleByName, clients, issues);
  const { claims, userProfileAttributes } = buildClaims(kc, issues);

  return {
    service,
    name: service.name,
    namespace: service.namespace,
    hostnameUrl: `https://${kc.hostname}`,
    instances,
    image: kc.image,
    httpsPort: https?.targetPort ?? 8443,
    managementPort: management?.targetPort ?? 9000,
    tlsSecretName,
    ...buildProxyTrust(kc, issues),
    operator: buildKeycloakOperator(props),
    database: buildDatabase(kc.database, service, services, flows, issues),
    realm: {
      name: realmName,
      displayName: kc.displayName,
      security,
      roles: [...roles].sort((a, b) => compareNames(a.name, b.name)),
      otpRoles: buildOtpRoles(kc, roleByName, issues),
      clients,
      groups,
      claims,
      userProfileAttributes,
      signingKeys: buildSigningKeys(kc.signingKeys, 'keycloak.signingKeys', issues),
      overrides: buildRealmOverrides(kc, issues),
    },
  };
}

/**
 * The Secret of a service's certificate: the PKI's `tls.secretName` when the service declares a certificate,
 * else the PKI's naming convention `<service>-tls`.
 */
function tlsSecretOf(service: ServiceModel): string {
  const tls = (service as ServiceModel & { readonly tls?: { readonly secretName?: string } }).tls;
  return tls?.secretName ?? `${service.name}-tls`;
}

function requirePort(service: ServiceModel, name: string, issues: IssueCollector): PortModel | undefined {
  const port = service.ports.find((p) => p.name === name);
  if (!port) {
    issues.add('ZT-KC-006', 'keycloak.service', `service "${service.name}" runs Keycloak and must declare a port named "${name}" (${name === 'https' ? 'HTTPS, usually 8443' : 'health and metrics, usually 9000'})`);
  }
  return port;
}

function checkHostname(hostname: string, issues: IssueCollector): void {
  if (/^[a-z]+:\/\//i.test(hostname)) {
    issues.add('ZT-KC-007', 'keycloak.hostname', `"${hostname}" has a scheme: write the host name only (Keycloak is always served over https)`);
    return;
  }
  issues.check('ZT-KC-008', 'keycloak.hostname', checkDnsSubdomain(hostname));
}

/** Several Keycloak pods form one cache cluster over JGroups: the blueprint must let them reach each other. */
function checkClusterPorts(service: ServiceModel, flows: readonly FlowModel[], issues: IssueCollector): void {
  for (const number of JGROUPS_PORTS) {
    const port = service.ports.find((p) => p.targetPort === number);
    if (!port || !reaches(service, service, port, flows)) {
      issues.add('ZT-KC-009', 'keycloak.instances', `several Keycloak pods form a cluster over JGroups (TCP ${JGROUPS_PORTS.join(' and ')}): declare both ports on service "${service.name}" (appProtocol: opaque) and allow them from service "${service.name}" itself`);
      return;
    }
  }
}

function buildDatabase(
  props: KeycloakDatabaseProps | undefined,
  keycloak: ServiceModel,
  services: readonly ServiceModel[],
  flows: readonly FlowModel[],
  issues: IssueCollector,
): KeycloakDatabaseModel {
  const path = 'keycloak.database';
  const serviceName = props?.service ?? (props?.host === undefined ? 'postgresql' : undefined);
  const service = serviceName === undefined ? undefined : services.find((s) => s.name === serviceName);
  if (serviceName !== undefined && !service) {
    issues.add('ZT-KC-010', `${path}.service`, `unknown service "${serviceName}": name the PostgreSQL service of the blueprint, or set database.host for a database outside it`);
  }
  let port = props?.port;
  if (port === undefined) {
    port = service?.ports.find((p) => p.name === 'postgresql')?.port ?? 5432;
  }
  issues.check('ZT-KC-011', `${path}.port`, checkPortNumber(port));
  if (service) {
    const servicePort = service.ports.find((p) => p.port === port);
    if (!servicePort) {
      issues.add('ZT-KC-012', `${path}.port`, `service "${service.name}" declares no port ${port}`);
    } else if (!reaches(keycloak, service, servicePort, flows)) {
      issues.add('ZT-KC-013', `${path}.service`, `the blueprint does not let "${keycloak.name}" reach port "${servicePort.name}" of "${service.name}", so Keycloak could not open its database: add { service: ${keycloak.name}, ports: [${servicePort.name}] } to the allowFrom of "${service.name}"`);
    }
  } else if (serviceName === undefined && !keycloak.egress.some((e) => e.ports.includes(port!))) {
    issues.add('ZT-KC-014', `${path}.host`, `the database is outside the blueprint, but service "${keycloak.name}" has no egressTo on port ${port}: add the database's address to its egressTo`);
  }
  const credentialsSecret = props?.credentialsSecret ?? 'keycloak-db';
  issues.check('ZT-KC-015', `${path}.credentialsSecret`, checkDnsSubdomain(credentialsSecret));
  const database = props?.database ?? 'keycloak';
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(database)) {
    issues.add('ZT-KC-016', `${path}.database`, `"${database}" is not a PostgreSQL database name`);
  }
  return {
    service,
    host: props?.host ?? (service ? `${service.name}.${service.namespace}.svc` : ''),
    port,
    database,
    usernameSecret: { name: credentialsSecret, key: props?.usernameKey ?? 'username' },
    passwordSecret: { name: credentialsSecret, key: props?.passwordKey ?? 'password' },
  };
}

/** OTP roles, checked, then reduced: a role that includes another listed role adds no holder. */
function buildOtpRoles(kc: KeycloakProps, roles: ReadonlyMap<string, RoleModel>, issues: IssueCollector): string[] {
  const declared = kc.mfa?.otpRequiredForRoles;
  const wanted = declared ?? DEFAULT_OTP_ROLES;
  const known: string[] = [];
  wanted.forEach((r, i) => {
    if (roles.has(r)) {
      known.push(r);
    } else if (declared) {
      issues.add('ZT-KC-017', `keycloak.mfa.otpRequiredForRoles[${i}]`, unknownRole(r, roles));
    } else {
      issues.add('ZT-KC-018', 'keycloak.mfa.otpRequiredForRoles', `OTP is required for "admin" and "operator" by default, but the realm has no role "${r}": list the roles whose holders need OTP (an empty list turns it off)`);
    }
  });
  const unique = [...new Set(known)];
  return unique
    .filter((r) => !unique.some((other) => other !== r && roles.get(r)!.effective.includes(other)))
    .sort();
}

function buildGroups(
  declared: readonly KeycloakGroupProps[],
  roles: ReadonlyMap<string, RoleModel>,
  clients: readonly ClientModel[],
  issues: IssueCollector,
): GroupModel[] {
  const names = new Set<string>();
  const groups = declared.map((g, i): GroupModel => {
    const path = `keycloak.groups[${i}]`;
    if (g.name.trim() === '' || g.name.includes('/')) {
      issues.add('ZT-KC-019', `${path}.name`, `"${g.name}" is not a group name: use a non-empty name without '/'`);
    }
    if (names.has(g.name)) {
      issues.add('ZT-KC-020', `${path}.name`, `group "${g.name}" is declared twice`);
    }
    names.add(g.name);
    (g.realmRoles ?? []).forEach((r, j) => {
      if (!roles.has(r)) {
        issues.add('ZT-KC-021', `${path}.realmRoles[${j}]`, unknownRole(r, roles));
      }
    });
    const clientRoles: ClientRoleRefModel[] = (g.clientRoles ?? []).map((ref, j) => {
      const client = clients.find((c) => c.clientId === ref.clientId);
      if (!client) {
        issues.add('ZT-KC-022', `${path}.clientRoles[${j}].clientId`, `unknown client "${ref.clientId}" (clients: ${clients.map((c) => `"${c.clientId}"`).join(', ') || 'none'})`);
      } else {
        ref.roles.forEach((r, k) => {
          if (!client.roles.some((cr) => cr.name === r)) {
            issues.add('ZT-KC-023', `${path}.clientRoles[${j}].roles[${k}]`, `client "${client.clientId}" defines no role "${r}" (its roles: ${client.roles.map((cr) => `"${cr.name}"`).join(', ') || 'none'})`);
          }
        });
      }
      return { clientId: ref.clientId, roles: [...new Set(ref.roles)].sort() };
    });
    return {
      name: g.name,
      realmRoles: [...new Set(g.realmRoles ?? [])].sort(),
      clientRoles: clientRoles.sort((a, b) => compareNames(a.clientId, b.clientId)),
    };
  });
  return groups.sort((a, b) => compareNames(a.name, b.name));
}

function buildClaims(kc: KeycloakProps, issues: IssueCollector): { claims: ClaimModel[]; userProfileAttributes: UserProfileAttributeModel[] } {
  const claimProps = kc.claims ?? DEFAULT_CLAIMS;
  const declaredAttributes: readonly UserProfileAttributeProps[] = kc.userProfileAttributes
    ?? [...new Set(claimProps.map((c) => c.attribute ?? c.name))]
      .filter((a) => !BUILT_IN_PROFILE_ATTRIBUTES.includes(a))
      .map((name) => ({ name }));
  const attributeNames = new Set<string>();
  const userProfileAttributes = declaredAttributes.map((a, i): UserProfileAttributeModel => {
    const path = kc.userProfileAttributes ? `keycloak.userProfileAttributes[${i}].name` : 'keycloak.claims';
    if (!ATTRIBUTE_NAME.test(a.name)) {
      issues.add('ZT-KC-024', path, `"${a.name}" is not a user-profile attribute name: use letters, digits, '_', '.' and '-', starting with a letter`);
    }
    if (BUILT_IN_PROFILE_ATTRIBUTES.includes(a.name)) {
      issues.add('ZT-KC-025', path, `"${a.name}" is a built-in attribute of every user profile: do not declare it`);
    }
    if (attributeNames.has(a.name)) {
      issues.add('ZT-KC-026', path, `attribute "${a.name}" is declared twice`);
    }
    attributeNames.add(a.name);
    return { name: a.name, displayName: a.displayName ?? a.name };
  });

  const claimNames = new Set<string>();
  const claims = claimProps.map((c, i): ClaimModel => {
    const path = `keycloak.claims[${i}]`;
    const attribute = c.attribute ?? c.name;
    if (!CLAIM_NAME.test(c.name)) {
      issues.add('ZT-KC-027', `${path}.name`, `"${c.name}" is not a usable claim name: use letters, digits and '_', starting with a letter or '_'`);
    } else if (RESERVED_CLAIMS.has(c.name)) {
      issues.add('ZT-KC-028', `${path}.name`, `"${c.name}" is a claim Keycloak or OpenID Connect already defines: choose another name`);
    }
    if (claimNames.has(c.name)) {
      issues.add('ZT-KC-029', `${path}.name`, `claim "${c.name}" is declared twice`);
    }
    claimNames.add(c.name);
    if (!attributeNames.has(attribute) && !BUILT_IN_PROFILE_ATTRIBUTES.includes(attribute)) {
      issues.add('ZT-KC-030', `${path}${c.attribute === undefined ? '.name' : '.attribute'}`, `user attribute "${attribute}" is not in the user profile, so Keycloak would never store it: add it to keycloak.userProfileAttributes`);
    }
    return { name: c.name, attribute };
  });
  return {
    claims: claims.sort((a, b) => compareNames(a.name, b.name)),
    userProfileAttributes: userProfileAttributes.sort((a, b) => compareNames(a.name, b.name)),
  };
}

