import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { bindProbes, meshProbeProblems } from '../mesh/probe-binding';
import { ServiceModel } from '../model';
import { MeshServiceModel } from '../model/mesh-model';
import { ServiceResources } from './service-resources';
import { constructId } from '../construct-id';
import { renderedChild, renderedObjects } from '../rendered-objects';
import { servicePodMetadata } from './pod-metadata';
import { atPointer, podMetadataOf, pointerSegment, workloadPodTemplate } from './pod-template';
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

  /** The ServiceAccount, the service's workload identity; undefined when the blueprint says `serviceAccount.create: false`. */
  public get serviceAccount(): ApiObject | undefined {
    return renderedChild(this, 'Resources', 'ServiceAccount');
  }

  /** The Kubernetes Service; undefined for a service without ports or with `expose: false`. */
  public get service(): ApiObject | undefined {
    return renderedChild(this, 'Resources', 'Service');
  }

  /** The service's own NetworkPolicies (`<service>-ingress`, `<service>-egress`, ...), in the order they are rendered. */
  public get networkPolicies(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('NetworkPolicies'), 'NetworkPolicy');
  }

  /** The Linkerd `Server`s, one per meshed TCP port; none for an unmeshed service. */
  public get servers(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('Mesh'), 'Server');
  }

  /** The Linkerd `AuthorizationPolicy`s of the service's Servers and routes. */
  public get authorizationPolicies(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('Mesh'), 'AuthorizationPolicy');
  }

  /** The Linkerd `HTTPRoute`s of the service's routes and probes. */
  public get httpRoutes(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('Mesh'), 'HTTPRoute');
  }

  /** The Linkerd `Server` of the port named `portName` (as in the blueprint). */
  public server(portName: string): ApiObject {
    const found = renderedChild(this, 'Mesh', constructId(portName), 'Server');
    if (!found) {
      const ports = this.servers.map((s) => `"${s.toJson().spec.port}"`).join(', ') || 'none';
      throw new Error(`Service "${this.serviceName}" has no Linkerd Server for a port named "${portName}" (ports with a Server: ${ports})`);
    }
    return found;
  }

  /** Pod labels that select this service's pods. */
  public get selector(): { [key: string]: string } {
    return { ...this.model.selector };
  }

  /**
   * The container ports the bound workload must declare, named as in the blueprint. Pass them as a
   * cdk8s-plus container's `ports`, whatever its version.
   */
  public get containerPorts(): ServiceContainerPort[] {
    return this.model.ports.map((p) => ({ name: p.name, number: p.targetPort, protocol: p.protocol }));
  }

  /**
   * Makes `workload` run this service: its namespace, service account, pod labels, Linkerd annotations
   * and the `restricted` Pod Security settings the zone enforces. At synth, the workload is checked to
   * declare every port of the service and to pass the `restricted` standard.
   */
  public bind(workload: IConstruct): void {
    if (this.managedByOperator) {
      throw new Error(`Cannot bind ${workload.node.path} to service "${this.serviceName}": its pods are run by an operator from the custom resource the blueprint emits; a second workload would run beside them`);
    }
    const { obj, templatePath } = workloadPodTemplate(workload, this.serviceName);
    if (obj.metadata.namespace === undefined) {
      obj.addJsonPatch(JsonPatch.add('/metadata/namespace', this.namespace));
    } else if (obj.metadata.namespace !== this.namespace) {
      throw new Error(`Cannot bind ${workload.node.path} to service "${this.serviceName}": the workload is in namespace "${obj.metadata.namespace}" but zone "${this.zoneName}" is namespace "${this.namespace}"`);
    }
    const rendered = obj.toJson();
    addPodMetadata(workload, obj, templatePath, rendered, servicePodMetadata(this.model));
    const pod = `${templatePath}/spec`;
    obj.addJsonPatch(JsonPatch.add(`${pod}/serviceAccountName`, this.serviceAccountName));
    if (atPointer(rendered, `${pod}/securityContext`) === undefined) {
      obj.addJsonPatch(JsonPatch.add(`${pod}/securityContext`, {}));
    }
    obj.addJsonPatch(JsonPatch.add(`${pod}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
    const containers: any[] = atPointer(rendered, `${pod}/containers`) ?? [];
    containers.forEach((c, i) => {
      if (c.securityContext === undefined) {
        obj.addJsonPatch(JsonPatch.add(`${pod}/containers/${i}/securityContext`, {}));
      }
      obj.addJsonPatch(JsonPatch.add(`${pod}/containers/${i}/securityContext/capabilities`, { drop: ['ALL'] }));
    });
    bindProbes(obj, `${pod}/containers`, this.model);
    workload.node.addValidation({
      validate: () => {
        const podSpec = atPointer(obj.toJson(), pod) ?? {};
        return [...workloadProblems(podSpec, this.model), ...(this.mesh ? meshProbeProblems(podSpec, this.mesh) : [])]
          .map((p) => `service "${this.serviceName}" (${workload.node.path}): ${p}`);
      },
    });
  }
}

/** A container port of a service, in the shape of a cdk8s-plus `ContainerPort`. */
export interface ServiceContainerPort {
  /** Port name, as in the blueprint. */
  readonly name: string;
  /** The container's port number (the blueprint's `targetPort`). */
  readonly number: number;
  /**
   * `TCP`, `UDP` or `SCTP`. Typed `any` because every cdk8s-plus major version declares its own
   * `Protocol` enum (with these values), and a port must fit all of them.
   */
  readonly protocol: any;
}

/**
 * Adds the service's pod labels and annotations: through cdk8s's pod metadata when the workload has one
 * (every cdk8s-plus version), else as JSON patches of the rendered pod template.
 */
function addPodMetadata(
  workload: IConstruct, obj: ApiObject, templatePath: string, rendered: any,
  meta: { labels: Record<string, string>; annotations: Record<string, string> },
): void {
  const podMetadata = podMetadataOf(workload);
  if (podMetadata) {
    Object.entries(meta.labels).forEach(([key, value]) => podMetadata.addLabel(key, value));
    Object.entries(meta.annotations).forEach(([key, value]) => podMetadata.addAnnotation(key, value));
    return;
  }
  const base = `${templatePath}/metadata`;
  if (atPointer(rendered, base) === undefined) {
    obj.addJsonPatch(JsonPatch.add(base, {}));
  }
  for (const [field, entries] of [['labels', meta.labels], ['annotations', meta.annotations]] as const) {
    if (atPointer(rendered, `${base}/${field}`) === undefined) {
      obj.addJsonPatch(JsonPatch.add(`${base}/${field}`, {}));
    }
    Object.entries(entries).forEach(([key, value]) => obj.addJsonPatch(JsonPatch.add(`${base}/${field}/${pointerSegment(key)}`, value)));
  }
}
