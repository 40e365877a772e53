import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KeycloakRealmImport } from '../imports/k8s.keycloak.org';
import { LABELS, managedLabels } from '../labels';
import { KeycloakModel } from '../model/keycloak-model';
import { realmRepresentation } from './realm-representation';

/**
 * The realm as a Keycloak Operator `KeycloakRealmImport`. Client secrets stay `${PLACEHOLDER}`s in the realm;
 * `placeholders` names the Kubernetes Secret key each one is read from when the operator's import Job runs.
 *
 * The operator imports a realm only when it does not exist yet: it never updates an existing realm, so a
 * changed blueprint needs another way to reach a running Keycloak (see docs/keycloak.md).
 */
export class RealmImport extends Construct {
  constructor(scope: Construct, id: string, model: KeycloakModel) {
    super(scope, id);
    const realm = model.realm;
    const placeholders = Object.fromEntries(realm.clients
      .filter((c) => c.secret !== undefined)
      .map((c) => [c.secret!.placeholder, { secret: { name: c.secret!.secretName, key: c.secret!.secretKey } }]));
    const manifest = KeycloakRealmImport.manifest({
      metadata: {
        name: `${model.name}-${realm.name.toLowerCase().replace(/_/g, '-')}`,
        namespace: model.namespace,
        labels: managedLabels({ [LABELS.service]: model.service.name, [LABELS.zone]: model.service.zone.name }),
      },
      spec: {
        keycloakCrName: model.name,
        // Replaced below: the typed classes copy only the fields they know, so the realm goes in as is.
        realm: { realm: realm.name },
        placeholders,
      },
    });
    new ApiObject(this, 'Resource', {
      ...manifest,
      apiVersion: `k8s.keycloak.org/${model.operator.apiVersion}`,
      spec: { ...manifest.spec, realm: realmRepresentation(realm) },
    });
  }
}
