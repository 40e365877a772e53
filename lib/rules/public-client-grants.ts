import { realmClients } from './keycloak-clients';
import { Rule, RuleSeverity, RuleViolation } from './rule';

/** The flows OAuth 2.0 Security BCP forbids for clients that cannot authenticate themselves. */
const LEGACY_GRANTS: ReadonlyArray<readonly [string, string]> = [
  ['implicitFlowEnabled', 'the implicit flow (tokens in the URL fragment)'],
  ['directAccessGrantsEnabled', 'the password grant (the client sees the user\'s password)'],
];

export const PUBLIC_CLIENT_GRANTS: Rule = {
  id: 'ZT-RULE-008',
  name: 'public-client-no-legacy-grants',
  severity: RuleSeverity.ERROR,
  description: 'No public Keycloak client enables the implicit flow or the resource owner password grant, which OAuth 2.0 Security BCP forbids.',
  fix: 'Set `implicitFlowEnabled: false` and `directAccessGrantsEnabled: false` on the client and use the authorization code flow with PKCE.',
  check(objects: readonly any[]): RuleViolation[] {
    return realmClients(objects)
      .filter(({ client }) => client.publicClient === true)
      .flatMap(({ object, path, client }) => LEGACY_GRANTS
        .filter(([field]) => client[field] === true)
        .map(([field, what]) => ({ object, path: `${path}.${field}`, message: `public client "${client.clientId}" enables ${what}` })));
  },
};
