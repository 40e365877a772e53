import { isPublicBrowserClient, realmClients } from './keycloak-clients';
import { Rule, RuleSeverity, RuleViolation } from './rule';

const PKCE = 'pkce.code.challenge.method';

/** A public client cannot keep a secret: without PKCE an intercepted authorization code is a token. */
export const PUBLIC_CLIENT_PKCE: Rule = {
  id: 'ZT-RULE-007',
  name: 'public-client-pkce',
  severity: RuleSeverity.ERROR,
  description: 'Every public Keycloak client with the authorization code flow requires PKCE with S256 (OAuth 2.0 Security BCP), so an intercepted code cannot be redeemed.',
  fix: 'Set the client attribute `pkce.code.challenge.method: S256` (a blueprint `keycloak.clients` entry with `public: true` has it).',
  check(objects: readonly any[]): RuleViolation[] {
    return realmClients(objects)
      .filter(({ client }) => isPublicBrowserClient(client) && client.attributes?.[PKCE] !== 'S256')
      .map(({ object, path, client }) => ({
        object,
        path: `${path}.attributes`,
        message: `public client "${client.clientId}" has ${client.attributes?.[PKCE] === undefined ? 'no PKCE' : `PKCE method "${client.attributes[PKCE]}"`}; require S256`,
      }));
  },
};
