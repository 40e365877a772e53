import { objectsOf } from './manifest-objects';

/** One client of a `KeycloakRealmImport`, with its path in the object. */
export interface RealmClient {
  readonly object: any;
  readonly path: string;
  readonly client: any;
}

/** The clients of every realm import in the output. */
export function realmClients(objects: readonly any[]): RealmClient[] {
  return objectsOf(objects, 'KeycloakRealmImport', 'k8s.keycloak.org').flatMap((object) =>
    ((object.spec?.realm?.clients ?? []) as any[]).map((client, i) => ({ object, path: `spec.realm.clients[${i}]`, client })));
}

/** A public OpenID Connect client that uses the browser (authorization code) flow, Keycloak's default. */
export function isPublicBrowserClient(client: any): boolean {
  return client?.publicClient === true && client.bearerOnly !== true
    && (client.protocol ?? 'openid-connect') === 'openid-connect' && client.standardFlowEnabled !== false;
}
