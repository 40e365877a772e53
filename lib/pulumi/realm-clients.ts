import * as keycloak from '@pulumi/keycloak';
import * as pulumi from '@pulumi/pulumi';
import { ClientAccess } from '../blueprint/keycloak';
import { ClaimModel, ClientModel } from '../model/keycloak-model';
import { ClientRoles, RealmRoles } from './realm-roles';
import { RealmScope } from './realm-scope';

/** Name of the protocol mapper that puts an API's client ID into `aud`. */
export function audienceMapperName(audience: string): string {
  return `audience ${audience}`;
}

/** Name of the protocol mapper that copies a user attribute into a claim. */
export function claimMapperName(claim: ClaimModel): string {
  return `claim ${claim.name}`;
}

/** What the client is for, shown in the admin console. */
export function clientDescription(client: ClientModel): string {
  if (client.service && client.serviceAccount) {
    return `Workload identity of service ${client.service}`;
  }
  if (client.access === ClientAccess.PUBLIC) {
    return 'Browser app: authorization code flow with PKCE';
  }
  return client.standardFlow ? 'Server-side app' : 'API';
}

/**
 * A client's settings. Implicit flow, direct grants, device and CIBA grants are always off; full scope is off
 * (the scope mappings list what may appear in tokens); PKCE S256 guards the code flow; a confidential
 * client's secret is given, never generated, so the Kubernetes Secret the workload reads can hold the same value.
 */
export function clientArgs(client: ClientModel, realmId: pulumi.Input<string>, secret?: pulumi.Input<string>): keycloak.openid.ClientArgs {
  const confidential = client.access === ClientAccess.CONFIDENTIAL;
  return {
    realmId,
    clientId: client.clientId,
    name: client.name,
    description: clientDescription(client),
    enabled: true,
    accessType: confidential ? 'CONFIDENTIAL' : 'PUBLIC',
    ...(confidential ? { clientAuthenticatorType: 'client-secret', clientSecret: secret } : {}),
    standardFlowEnabled: client.standardFlow,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: client.serviceAccount,
    oauth2DeviceAuthorizationGrantEnabled: false,
    consentRequired: false,
    frontchannelLogoutEnabled: true,
    fullScopeAllowed: false,
    pkceCodeChallengeMethod: client.standardFlow && client.pkce ? 'S256' : '',
    validRedirectUris: [...client.redirectUris],
    webOrigins: [...client.webOrigins],
    validPostLogoutRedirectUris: [...client.postLogoutRedirectUris],
    extraConfig: { 'oidc.ciba.grant.enabled': 'false' },
  };
}

/** The realm's clients by client ID. */
export function declareClients(
  clients: readonly ClientModel[],
  secretOf: (client: ClientModel) => pulumi.Input<string> | undefined,
  scope: RealmScope,
): Map<string, keycloak.openid.Client> {
  return new Map(clients.map((client) => [
    client.clientId,
    scope.declare(scope.names.of('client', { client: client.clientId }), (name, opts) =>
      new keycloak.openid.Client(name, clientArgs(client, scope.realmId, secretOf(client)), opts)),
  ]));
}

/**
 * Per client: audience mappers (each API only accepts tokens that name it), claim mappers for clients that log
 * users in, the service account's realm roles, and the scope mappings that decide which roles reach tokens.
 */
export function declareClientAccess(
  clients: readonly ClientModel[],
  claims: readonly ClaimModel[],
  resources: ReadonlyMap<string, keycloak.openid.Client>,
  realmRoles: RealmRoles,
  clientRoles: ClientRoles,
  scope: RealmScope,
): void {
  const { names, realmId } = scope;
  for (const client of clients) {
    const resource = resources.get(client.clientId)!;
    const key = { client: client.clientId };
    for (const audience of client.audiences) {
      scope.declare(names.of('audience-mapper', key, { client: audience }), (name, opts) => new keycloak.openid.AudienceProtocolMapper(name, {
        realmId,
        clientId: resource.id,
        name: audienceMapperName(audience),
        includedClientAudience: audience,
        addToAccessToken: true,
        addToIdToken: false,
        addToTokenIntrospection: true,
      }, opts));
    }
    for (const claim of client.userClaims ? claims : []) {
      scope.declare(names.of('claim-mapper', key, { text: claim.name }), (name, opts) => new keycloak.openid.UserAttributeProtocolMapper(name, {
        realmId,
        clientId: resource.id,
        name: claimMapperName(claim),
        userAttribute: claim.attribute,
        claimName: claim.name,
        claimValueType: 'String',
        multivalued: false,
        aggregateAttributes: false,
        addToAccessToken: true,
        addToIdToken: true,
        addToUserinfo: true,
        addToTokenIntrospection: true,
      }, opts));
    }
    if (client.serviceAccount) {
      // Exhaustive and by role ID: exactly the declared roles (no realm default roles), kept through renames.
      scope.declare(names.of('service-account-roles', key), (name, opts) => new keycloak.UserRoles(name, {
        realmId,
        userId: resource.serviceAccountUserId,
        roleIds: client.serviceAccountRoles.map((r) => realmRoles.get(r)!.id),
        exhaustive: true,
      }, opts));
    }
    for (const role of client.scopeRealmRoles) {
      scope.declare(names.of('scope-mapping', key, { role }), (name, opts) => new keycloak.GenericRoleMapper(name, {
        realmId,
        clientId: resource.id,
        roleId: realmRoles.get(role)!.id,
      }, opts));
    }
    for (const ref of client.scopeClientRoles) {
      for (const role of ref.roles) {
        scope.declare(names.of('client-scope-mapping', key, { clientRole: [ref.clientId, role] }), (name, opts) => new keycloak.GenericRoleMapper(name, {
          realmId,
          clientId: resource.id,
          roleId: clientRoles.get(ref.clientId)!.get(role)!.id,
        }, opts));
      }
    }
  }
}
