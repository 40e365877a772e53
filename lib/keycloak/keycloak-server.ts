import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Keycloak, KeycloakSpec, KeycloakSpecUpdateStrategy } from '../imports/k8s.keycloak.org';
import { LABELS, managedLabels } from '../labels';
import { BlueprintModel } from '../model';
import { KeycloakModel } from '../model/keycloak-model';
import { servicePodMetadata } from '../service/pod-metadata';
import { serverHardeningOptions } from './server-hardening-options';
import { keycloakCrNetworkPolicy } from './operator-network-policy';

/** Server options the Keycloak CR has no field for, set through `additionalOptions`. */
export const KEYCLOAK_ADDITIONAL_OPTIONS: readonly { readonly name: string; readonly value: string }[] = [
  { name: 'health-enabled', value: 'true' },
  { name: 'log-console-output', value: 'json' },
  { name: 'metrics-enabled', value: 'true' },
];

/**
 * The Keycloak server, as a Keycloak Operator `Keycloak` (k8s.keycloak.org/v2beta1, or v2alpha1 for
 * operators before 26.6; typed by the 26.8.0 CRD): PostgreSQL, HTTPS only
 * with the PKI's certificate, the public host name behind the gateway's proxy headers, JSON logs, health and
 * metrics on the management port, and no Ingress (the DMZ gateway is the only way in).
 *
 * The operator builds the pods from `unsupported.podTemplate`, which is where they get the blueprint
 * service's labels (so the zone's NetworkPolicies and the Kubernetes Service select them), its
 * ServiceAccount (the mesh identity) and the settings Pod Security `restricted` demands.
 *
 * What the operator makes besides the pods is set from the blueprint too (see `operatorSpec`): its
 * NetworkPolicy admits exactly the blueprint's callers, its ServiceMonitor exists only for a Prometheus
 * Operator scraper, and its Service exposes the blueprint's HTTPS port.
 */
export class KeycloakServer extends Construct {
  /** Name of the Keycloak CR, which a KeycloakRealmImport's `keycloakCRName` refers to. */
  public readonly name: string;

  constructor(scope: Construct, id: string, model: KeycloakModel, blueprint: BlueprintModel) {
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
        http: { httpEnabled: false, httpsPort: model.httpsPort, serviceHttpsPort: serviceHttpsPort(model), tlsSecret: model.tlsSecretName },
        httpManagement: { port: model.managementPort },
        // Services inside the cluster call Keycloak through its Service (the blueprint's flows);
        // backchannelDynamic gives them token and JWKS endpoints on that address.
        hostname: { hostname: model.hostnameUrl, strict: true, backchannelDynamic: true },
        ...(model.proxyHeaders ? { proxy: { headers: model.proxyHeaders } } : {}),
        ingress: { enabled: false },
        additionalOptions: [...KEYCLOAK_ADDITIONAL_OPTIONS, ...serverHardeningOptions(model)].map((o) => ({ name: o.name, value: o.value })),
        ...operatorSpec(model, blueprint),
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
    new ApiObject(this, 'Resource', { ...manifest, apiVersion: `k8s.keycloak.org/${model.operator.apiVersion}` });
  }
}

/**
 * The parts of the spec that decide what the operator creates besides the pods (operator 26.2 and later):
 * - `networkPolicy`: exactly the blueprint's callers (see keycloakCrNetworkPolicy), or disabled, or omitted;
 * - `serviceMonitor`: the operator's default is on, and it then fails where the Prometheus Operator's CRD is missing;
 * - `update.strategy`: RecreateOnImageChange, written out: `Auto` would start an update-check Job (a pod
 *   the blueprint does not know), `Explicit` needs a revision managed by hand;
 * - `truststores`: the internal service CA, so Keycloak verifies the services it calls (database TLS).
 * Probes keep the operator's defaults: HTTPS on the management port, which the mesh and the zone admit
 * from the kubelet.
 */
function operatorSpec(model: KeycloakModel, blueprint: BlueprintModel): Partial<KeycloakSpec> {
  const networkPolicy = keycloakCrNetworkPolicy(blueprint, model);
  const serviceCa = blueprint.pki?.serviceCa?.trustBundleName;
  return {
    ...(networkPolicy ? { networkPolicy } : {}),
    serviceMonitor: { enabled: model.operator.serviceMonitor },
    update: { strategy: KeycloakSpecUpdateStrategy.RECREATE_ON_IMAGE_CHANGE },
    ...(serviceCa ? { truststores: { [serviceCa]: { configMap: { name: serviceCa } } } } : {}),
  };
}

/** The operator's `<name>-service` exposes the port number the blueprint gives HTTPS, like the blueprint's Service. */
function serviceHttpsPort(model: KeycloakModel): number | undefined {
  return model.service.ports.find((p) => p.name === 'https')?.port;
}
