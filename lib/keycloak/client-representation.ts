import { ClientAccess } from '../blueprint/keycloak';
import { ClaimModel, ClientModel } from '../model/keycloak-model';
import { DEFAULT_CLIENT_SCOPES, optionalClientScopes } from './realm-hardening';
import { compareNames } from '../name-order';

const OIDC = 'openid-connect';

/** A protocol mapper that puts `audience` into the access token's `aud` claim. */
function audienceMapper(audience: string): Record<string, unknown> {
  return {
    name: `audience ${audience}`,
    protocol: OIDC,
    protocolMapper: 'oidc-audience-mapper',
    consentRequired: false,
    config: {
      'included.client.audience': audience,
      'access.token.claim': 'true',
      'id.token.claim': 'false',
      'introspection.token.claim': 'true',
    },
  };
}

/** A protocol mapper that copies a user attribute into ID and access tokens and userinfo. */
function claimMapper(claim: ClaimModel): Record<string, unknown> {
  return {
    name: `claim ${claim.name}`,
    protocol: OIDC,
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    consentRequired: false,
    config: {
      'user.attribute': claim.attribute,
      'claim.name': claim.name,
      'jsonType.label': 'String',
      'multivalued': 'false',
      'aggregate.attrs': 'false',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  };
}

/**
 * A ClientRepresentation. Implicit flow, direct grants, device and CIBA grants are always off, full scope is
 * always off (the scope mappings list what may appear in tokens), and a secret is only ever a placeholder.
 */
export function clientRepresentation(client: ClientModel, claims: readonly ClaimModel[]): Record<string, unknown> {
  const confidential = client.access === ClientAccess.CONFIDENTIAL;
  const attributes: Record<string, string> = {
    'oauth2.device.authorization.grant.enabled': 'false',
    'oidc.ciba.grant.enabled': 'false',
  };
  if (client.standardFlow && client.pkce) {
    attributes['pkce.code.challenge.method'] = 'S256';
  }
  if (client.postLogoutRedirectUris.length > 0) {
    attributes['post.logout.redirect.uris'] = client.postLogoutRedirectUris.join('##');
  }
  const mappers = [
    ...client.audiences.map(audienceMapper),
    ...(client.userClaims ? claims.map(claimMapper) : []),
  ].sort((a, b) => compareNames(String(a.name), String(b.name)));
  return {
    clientId: client.clientId,
    ...(client.name !== undefined ? { name: client.name } : {}),
    description: describe(client),
    enabled: true,
    protocol: OIDC,
    publicClient: !confidential,
    bearerOnly: false,
    ...(confidential ? { clientAuthenticatorType: 'client-secret', secret: `\${${client.secret!.placeholder}}` } : {}),
    standardFlowEnabled: client.standardFlow,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: client.serviceAccount,
    consentRequired: false,
    frontchannelLogout: true,
    fullScopeAllowed: false,
    redirectUris: [...client.redirectUris],
    webOrigins: [...client.webOrigins],
    attributes,
    protocolMappers: mappers,
    defaultClientScopes: [...DEFAULT_CLIENT_SCOPES],
    optionalClientScopes: optionalClientScopes(client),
  };
}

function describe(client: ClientModel): string {
  if (client.service && client.serviceAccount) {
    return `Workload identity of service ${client.service}`;
  }
  if (client.access === ClientAccess.PUBLIC) {
    return 'Browser app: authorization code flow with PKCE';
  }
  return client.standardFlow ? 'Server-side app' : 'API';
}

/**
 * The service-account user of a client, with its realm roles. Keycloak names it `service-account-<clientId>`;
 * the import links it to the client through `serviceAccountClientId`.
 */
export function serviceAccountUser(client: ClientModel): Record<string, unknown> {
  return {
    username: `service-account-${client.clientId}`,
    enabled: true,
    serviceAccountClientId: client.clientId,
    realmRoles: [...client.serviceAccountRoles].sort(),
  };
}
