import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { bindProbes, meshProbeProblems } from '../mesh/probe-binding';
import { ServiceModel } from '../model';
import { MeshServiceModel } from '../model/mesh-model';
import { ServiceResources } from './service-resources';
import { servicePodMetadata } from './pod-metadata';
import { workloadProblems } from './workload-checks';

/** A service of the blueprint, to which users bind the workload that runs it. */
export class BlueprintService extends Construct {
  /** @internal */
  public static _fromModel(scope: Construct, id: string, model: ServiceModel, mesh?: MeshServiceModel, managedByOperator = false): BlueprintService {
    return new BlueprintService(scope, id, model, mesh, managedByOperator);
  }

  /** Service name in the blueprint. */
  public readonly serviceName: string;
  /** Namespace of the service's zone. */
  public readonly namespace: string;
  /** Zone name. */
  public readonly zoneName: string;
  /** The ServiceAccount the workload must run as (its mesh identity). */
  public readonly serviceAccountName: string;
  /**
   * Whether an operator runs this service's pods from a custom resource the blueprint emits (Keycloak
   * from the `Keycloak` CR), so no workload is bound to it.
   */
  public readonly managedByOperator: boolean;

  private readonly model: ServiceModel;

  private constructor(scope: Construct, id: string, model: ServiceModel, private readonly mesh: MeshServiceModel | undefined, managedByOperator: boolean) {
    super(scope, id);
    this.managedByOperator = managedByOperator;
    this.model = model;
    this.serviceName = model.name;
    this.namespace = model.namespace;
    this.zoneName = model.zone.name;
    this.serviceAccountName = model.serviceAccountName;
    new ServiceResources(this, 'Resources', model);
  }

  /** Pod labels that select this service's pods. */
  public get selector(): { [key: string]: string } {
    return { ...this.model.selector };
  }

  /** The container ports the bound workload must declare, named as in the blueprint. */
  public get containerPorts(): kplus.ContainerPort[] {
    return this.model.ports.map((p) => ({ name: p.name, number: p.targetPort, protocol: p.protocol as string as kplus.Protocol }));
  }

  /**
   * Makes `workload` run this service: its namespace, service account, pod labels, Linkerd annotations
   * and the `restricted` Pod Security settings the zone enforces. At synth, the workload is checked to
   * declare every port of the service and to pass the `restricted` standard.
   */
  public bind(workload: kplus.Workload): void {
    if (this.managedByOperator) {
      throw new Error(`Cannot bind ${workload.node.path} to service "${this.serviceName}": its pods are run by an operator from the custom resource the blueprint emits; a second workload would run beside them`);
    }
    const obj = ApiObject.of(workload);
    if (obj.metadata.namespace === undefined) {
      obj.addJsonPatch(JsonPatch.add('/metadata/namespace', this.namespace));
    } else if (obj.metadata.namespace !== this.namespace) {
      throw new Error(`Cannot bind ${workload.node.path} to service "${this.serviceName}": the workload is in namespace "${obj.metadata.namespace}" but zone "${this.zoneName}" is namespace "${this.namespace}"`);
    }
    const { labels, annotations } = servicePodMetadata(this.model);
    Object.entries(labels).forEach(([key, value]) => workload.podMetadata.addLabel(key, value));
    Object.entries(annotations).forEach(([key, value]) => workload.podMetadata.addAnnotation(key, value));
    const pod = '/spec/template/spec';
    obj.addJsonPatch(JsonPatch.add(`${pod}/serviceAccountName`, this.serviceAccountName));
    obj.addJsonPatch(JsonPatch.add(`${pod}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
    workload.containers.forEach((_, i) => {
      obj.addJsonPatch(JsonPatch.add(`${pod}/containers/${i}/securityContext/capabilities`, { drop: ['ALL'] }));
    });
    bindProbes(obj, this.model);
    workload.node.addValidation({
      validate: () => {
        const rendered = obj.toJson();
        return [...workloadProblems(rendered, this.model), ...(this.mesh ? meshProbeProblems(rendered, this.mesh) : [])]
          .map((p) => `service "${this.serviceName}" (${workload.node.path}): ${p}`);
      },
    });
  }
}
