import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertingRules } from './audit/alerting-rules';
import { ZeroTrustBlueprintProps } from './blueprint/blueprint-props';
import { Edge } from './edge/edge';
import { annotateZoneNamespace, ServiceMeshPolicy, ZoneCallerGroups, ZoneMeshPolicy } from './mesh';
import { LayerAgreementValidation } from './layer-agreement-validation';
import { KeycloakServer } from './keycloak/keycloak-server';
import { writeRealmFile, realmJson } from './keycloak/realm-file';
import { RealmImport } from './keycloak/realm-import';
import { constructId } from './construct-id';
import { BlueprintModel, buildModel } from './model';
import { NetworkPolicies } from './network/network-policies';
import { planLinkerdPolicies, planServicePolicies, planZonePolicies } from './network/network-policy-plan';
import { ZoneNamespace } from './network/zone-namespace';
import { Pki } from './pki/pki';
import { BlueprintService } from './service/blueprint-service';
import { readBlueprintFile } from './validation/blueprint-file';
import { BlueprintZone } from './zone/blueprint-zone';
import { renderedChild, renderedObjects } from './rendered-objects';

/**
 * The one entry point: validates the blueprint and synthesizes the zones' namespaces, default-deny
 * NetworkPolicies with exactly the declared flows, and the services' identities.
 */
export class ZeroTrustBlueprint extends Construct {
  /**
   * Reads and validates a blueprint from a YAML or JSON file. Throws an error that lists every problem
   * with its JSON path (for example `services[3].allowFrom[0]`).
   */
  public static loadProps(file: string): ZeroTrustBlueprintProps {
    const data = readBlueprintFile(file);
    // `$schema` points editors at the JSON Schema; it is not part of the blueprint.
    const { $schema: _schema, ...props } = data;
    buildModel(props as unknown as ZeroTrustBlueprintProps, file);
    return props as unknown as ZeroTrustBlueprintProps;
  }

  /** A blueprint construct from a YAML or JSON file. */
  public static fromFile(scope: Construct, id: string, file: string): ZeroTrustBlueprint {
    return new ZeroTrustBlueprint(scope, id, ZeroTrustBlueprint.loadProps(file));
  }

  /** @internal */
  public readonly _model: BlueprintModel;

  private readonly layerCheck: LayerAgreementValidation;
  private readonly services = new Map<string, BlueprintService>();
  private readonly zones = new Map<string, BlueprintZone>();

  constructor(scope: Construct, id: string, props: ZeroTrustBlueprintProps) {
    super(scope, id);
    this._model = buildModel(props);
    const model = this._model;
    const meshZones = new Map(model.mesh.zones.map((z) => [z.zone, z]));
    const meshServices = new Map(model.mesh.services.map((s) => [s.service, s]));

    const zones = new Construct(this, 'Zones');
    for (const zone of model.zones) {
      const zoneScope = BlueprintZone._fromModel(zones, constructId(zone.name), zone);
      this.zones.set(zone.name, zoneScope);
      const namespace = new ZoneNamespace(zoneScope, 'Namespace', zone);
      const meshZone = meshZones.get(zone);
      if (meshZone) {
        annotateZoneNamespace(namespace, meshZone, model.mesh);
        new ZoneMeshPolicy(zoneScope, 'Mesh', model.mesh, meshZone);
      }
      new NetworkPolicies(zoneScope, 'NetworkPolicies', planZonePolicies(model, zone));
    }
    const services = new Construct(this, 'Services');
    for (const service of model.services) {
      const meshService = meshServices.get(service);
      const construct = BlueprintService._fromModel(services, constructId(service.name), service, meshService, model.keycloak?.service === service);
      if (meshService) {
        new ServiceMeshPolicy(construct, 'Mesh', meshService, model.mesh.httpRouteApi);
      }
      new NetworkPolicies(construct, 'NetworkPolicies', planServicePolicies(model, service), `${service.name}-`);
      this.services.set(service.name, construct);
    }
    // After the services, so that cdk8s's YAML writer is warm when it meets their large lists
    // (lib/mesh/zone-caller-groups.ts).
    const groupZones = model.mesh.zones.filter((z) => z.callerGroups.length > 0);
    if (groupZones.length > 0) {
      const callerGroups = new Construct(this, 'CallerGroups');
      for (const meshZone of groupZones) {
        this.zones.get(meshZone.zone.name)!._addCallerGroups(new ZoneCallerGroups(callerGroups, constructId(meshZone.zone.name), meshZone));
      }
    }
    new NetworkPolicies(this, 'LinkerdControlPlane', planLinkerdPolicies(model));
    if (model.pki) {
      new Pki(this, 'Pki', { ...model, pki: model.pki });
    }
    if (model.keycloak) {
      const keycloak = new Construct(this, 'Keycloak');
      new KeycloakServer(keycloak, 'Server', model.keycloak, model);
      new RealmImport(keycloak, 'RealmImport', model.keycloak);
    }
    if (model.alerting) {
      new AlertingRules(this, 'Alerting', model.alerting);
    }
    if (model.edge) {
      new Edge(this, 'Edge', model.edge);
    }
    // At synth, on what is rendered: a patched policy or an extra Server in the chart must not
    // silently break the agreement of the layers with the blueprint.
    // Last: it records the layer objects built above as the blueprint's own output.
    this.layerCheck = new LayerAgreementValidation(this, model);
    this.node.addValidation(this.layerCheck);
  }

  /**
   * Makes the synth-time layer check evaluate this blueprint's layers at every synthesis, its own unchanged
   * output included (`CDK8S_ZERO_TRUST_LAYER_CHECK=always` for every blueprint): `cdk8s-zero-trust check`.
   * @internal
   */
  public _checkLayersAlways(): void {
    this.layerCheck.mode = 'always';
  }

  /** The blueprint service called `name`, to bind a workload to it. */
  public service(name: string): BlueprintService {
    const found = this.services.get(name);
    if (!found) {
      throw new Error(`No service "${name}" in the blueprint (services: ${[...this.services.keys()].join(', ')})`);
    }
    return found;
  }

  /** The blueprint zone called `name`: its namespace and zone-wide policies. */
  public zone(name: string): BlueprintZone {
    const found = this.zones.get(name);
    if (!found) {
      throw new Error(`No zone "${name}" in the blueprint (zones: ${[...this.zones.keys()].join(', ')})`);
    }
    return found;
  }

  /** Names of the blueprint's zones, in declaration order. */
  public get zoneNames(): string[] {
    return [...this.zones.keys()];
  }

  /** The NetworkPolicies of the Linkerd control plane's namespace. */
  public get linkerdControlPlanePolicies(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('LinkerdControlPlane'), 'NetworkPolicy');
  }

  /** The Keycloak Operator `Keycloak` (the server); undefined without `keycloak`. */
  public get keycloak(): ApiObject | undefined {
    return renderedChild(this, 'Keycloak', 'Server');
  }

  /**
   * The `KeycloakRealmImport`; undefined without `keycloak`. A patch of this object changes only this object:
   * to change the realm everywhere (the import, `realmJson`, the realm file and the Pulumi program), use
   * `keycloak.realmOverrides` in the blueprint.
   */
  public get realmImport(): ApiObject | undefined {
    return renderedChild(this, 'Keycloak', 'RealmImport');
  }

  /** The cert-manager and trust-manager objects of `pki`, in the order they are rendered; none without `pki`. */
  public get pkiObjects(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('Pki'));
  }

  /** The Prometheus Operator `PrometheusRule`s of `alerting`; none when alerting is off. */
  public get alertingRules(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('Alerting'), 'PrometheusRule');
  }

  /** Names of the blueprint's services, in declaration order. */
  public get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /** Namespaces of the zones, in declaration order. */
  public get zoneNamespaces(): string[] {
    return this._model.zones.map((z) => z.namespace);
  }

  /** The Keycloak realm as RealmRepresentation JSON (what the KeycloakRealmImport carries); undefined without `keycloak`. */
  public get realmJson(): string | undefined {
    return this._model.keycloak ? realmJson(this._model.keycloak.realm) : undefined;
  }

  /**
   * Writes the realm as `<realm>-realm.json` into `dir` for `kc.sh import` and returns the file's path;
   * undefined, and nothing written, without `keycloak`. Call it after `app.synth()`, so that an invalid
   * blueprint writes nothing, and outside `app.outdir`: tools that read every file of the manifest
   * directory (`kubectl apply -f`) would reject a realm file there.
   */
  public writeRealmFile(dir: string): string | undefined {
    return this._model.keycloak ? writeRealmFile(this._model.keycloak.realm, dir) : undefined;
  }
}
