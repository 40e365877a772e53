import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ZoneModel } from '../model';
import { renderedChild, renderedObjects } from '../rendered-objects';

/**
 * A zone of the blueprint: its namespace and the policies every pod of the zone gets. A handle for
 * escape hatches: the objects are cdk8s `ApiObject`s, to patch with `addJsonPatch`.
 */
export class BlueprintZone extends Construct {
  /** @internal */
  public static _fromModel(scope: Construct, id: string, model: ZoneModel): BlueprintZone {
    return new BlueprintZone(scope, id, model);
  }

  /** Zone name in the blueprint. */
  public readonly zoneName: string;
  /** Name of the zone's namespace. */
  public readonly namespaceName: string;

  private callerGroups?: Construct;

  private constructor(scope: Construct, id: string, model: ZoneModel) {
    super(scope, id);
    this.zoneName = model.name;
    this.namespaceName = model.namespace;
  }

  /** The zone's `Namespace` (labels, Pod Security Admission, Linkerd injection). */
  public get namespace(): ApiObject {
    return renderedChild(this, 'Namespace')!;
  }

  /** The zone-wide NetworkPolicies (`default-deny`, `allow-dns`, ...), in the order they are rendered. */
  public get networkPolicies(): ApiObject[] {
    return renderedObjects(this.node.tryFindChild('NetworkPolicies'), 'NetworkPolicy');
  }

  /**
   * The zone-wide Linkerd objects (the proxy admin `Server`, its routes and authorizations, the
   * MeshTLSAuthentications of the caller groups its Servers admit); none in an unmeshed zone.
   */
  public get meshObjects(): ApiObject[] {
    return [...renderedObjects(this.node.tryFindChild('Mesh')), ...renderedObjects(this.callerGroups)];
  }

  /** @internal The scope of the zone's caller groups, which the blueprint places after the services. */
  public _addCallerGroups(scope: Construct): void {
    this.callerGroups = scope;
  }
}
