// The reference platform's Keycloak realm as a Pulumi program: `pulumi up` creates, updates and deletes
// realm roles, clients, groups, mappers and flows so the running Keycloak matches the blueprint the cdk8s
// app synthesizes from. Configuration and secrets: docs/pulumi.md.
//
// Outside this repository, import from 'cdk8s-zero-trust/pulumi'.
import { join } from 'path';
import { ZeroTrustRealm } from '../../lib/pulumi';

const realm = new ZeroTrustRealm('platform', {
  blueprintFile: process.env.ZT_BLUEPRINT ?? join(__dirname, '..', 'reference-platform', 'blueprint.yaml'),
});

/** The realm's name (its ID in Keycloak's admin API). */
export const realmName = realm.realmId;
/** Keycloak's internal IDs of the clients, by client ID. */
export const clientIds = Object.fromEntries(Object.entries(realm.clients).map(([clientId, client]) => [clientId, client.id]));
