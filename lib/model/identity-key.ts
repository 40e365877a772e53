import { MeshIdentityModel } from './mesh-model';

// Model objects are immutable, so each identity's key is built once: a routed port checks every caller
// of its role flows against its routes, and a fresh string per look-up was most of that cost.
const keys = new WeakMap<MeshIdentityModel, string>();

/** `<namespace>/<serviceAccount>`: a mesh identity's key (two services may share one ServiceAccount). */
export function identityKey(identity: MeshIdentityModel): string {
  let key = keys.get(identity);
  if (key === undefined) {
    key = `${identity.namespace}/${identity.serviceAccountName}`;
    keys.set(identity, key);
  }
  return key;
}
