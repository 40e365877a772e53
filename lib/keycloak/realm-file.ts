import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { RealmModel } from '../model/keycloak-model';
import { realmRepresentation } from './realm-representation';

/** The file name `kc.sh import --dir` expects for a realm: `<realm>-realm.json`. */
export function realmFileName(realm: RealmModel): string {
  return `${realm.name}-realm.json`;
}

/** The realm as formatted JSON, the same representation the KeycloakRealmImport carries. */
export function realmJson(realm: RealmModel): string {
  return `${JSON.stringify(realmRepresentation(realm), null, 2)}\n`;
}

/** Writes `<realm>-realm.json` into `dir` (created if missing) and returns the file's path. */
export function writeRealmFile(realm: RealmModel, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, realmFileName(realm));
  writeFileSync(file, realmJson(realm));
  return file;
}
