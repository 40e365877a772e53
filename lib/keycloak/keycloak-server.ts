import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { OperatorNetworkPolicy } from '../blueprint/keycloak';
import { Keycloak } from '../imports/k8s.keycloak.org';
import { LABELS, managedLabels } from '../labels';
import { KeycloakModel } from '../model/keycloak-model';
import { servicePodMetadata } from '../service/pod-metadata';
import { serverHardeningOptions } from './server-hardening-options';

/** Server options the Keycloak CR has no field for, set through `additionalOptions`. */
export const KEYCLOAK_ADDITIONAL_OPTIONS: readonly { readonly name: string; readonly value: string }[] = [
  { name: 'health-enabled', value: 'true' },
  { name: 'log-console-output', value: 'json' },
  { name: 'metrics-enabled', value: 'true' },
];

/**
 * The Keycloak server, as a Keycloak Operator `Keycloak` (k8s.keycloak.org/v2alpha1): PostgreSQL, HTTPS only
 * with the PKI's certificate, the public host name behind the gateway's proxy headers, JSON logs, health and
 * metrics on the management port, and no Ingress (the DMZ gateway is the only way in).
 *
 * The operator builds the pods from `unsupported.podTemplate`, which is where they get the blueprint
 * service's labels (so the zone's NetworkPolicies and the Kubernetes Service select them), its
 * ServiceAccount (the mesh identity) and the settings Pod Security `restricted` demands.
 */
export class KeycloakServer extends Construct {
  /** Name of the Keycloak CR, which a KeycloakRealmImport's `keycloakCRName` refers to. */
  public readonly name: string;

  constructor(scope: Construct, id: string, model: KeycloakModel) {
    super(scope, id);
    this.name = model.name;
    const service = model.service;
    const db = model.database;
    // Typed by the imported CRD; written as a plain ApiObject so that a field newer than that CRD survives.
    const manifest = Keycloak.manifest({
      metadata: {
        name: model.name,
        namespace: model.namespace,
        labels: managedLabels({ [LABELS.service]: service.name, [LABELS.zone]: service.zone.name }),
      },
      spec: {
        instances: model.instances,
        image: model.image,
        db: {
          vendor: 'postgres',
          host: db.host,
          port: db.port,
          database: db.database,
          usernameSecret: { name: db.usernameSecret.name, key: db.usernameSecret.key },
          passwordSecret: { name: db.passwordSecret.name, key: db.passwordSecret.key },
        },
        http: { httpEnabled: false, httpsPort: model.httpsPort, tlsSecret: model.tlsSecretName },
        httpManagement: { port: model.managementPort },
        // Services inside the cluster call Keycloak through its Service (the blueprint's flows);
        // backchannelDynamic gives them token and JWKS endpoints on that address.
        hostname: { hostname: model.hostnameUrl, strict: true, backchannelDynamic: true },
        ...(model.proxyHeaders ? { proxy: { headers: model.proxyHeaders } } : {}),
        ingress: { enabled: false },
        additionalOptions: [...KEYCLOAK_ADDITIONAL_OPTIONS, ...serverHardeningOptions(model)].map((o) => ({ name: o.name, value: o.value })),
        unsupported: {
          podTemplate: {
            metadata: servicePodMetadata(service),
            spec: {
              serviceAccountName: service.serviceAccountName,
              // The operator adds the service account's ca.crt to Keycloak's truststore
              // (KC_TRUSTSTORE_PATHS), and Keycloak refuses to start when that file is missing.
              automountServiceAccountToken: true,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{
                name: 'keycloak',
                securityContext: {
                  allowPrivilegeEscalation: false,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
              }],
            },
          },
        },
      },
    });
    // `networkPolicy` is not in the 26.0 CRD the typed classes come from; operators from 26.2 on read it.
    const networkPolicy = model.operatorNetworkPolicy === OperatorNetworkPolicy.DISABLE ? { networkPolicy: { enabled: false } } : {};
    new ApiObject(this, 'Resource', { ...manifest, spec: { ...manifest.spec, ...networkPolicy } });
  }
}
