import * as pulumi from '@pulumi/pulumi';
import { LogicalName, ResourceNames } from './resource-names';

/** What every part of the realm program declares its resources with. */
export class RealmScope {
  /** Every resource declared so far, in declaration order. */
  public readonly declared: pulumi.CustomResource[] = [];

  constructor(
    /** The component that parents every resource. */
    public readonly parent: pulumi.Resource,
    public readonly names: ResourceNames,
    /** The realm's ID (its name), as an output of the realm resource so everything waits for the realm. */
    public readonly realmId: pulumi.Input<string>,
  ) {}

  /** Declares one resource: `create` gets the resource's logical name and its options (parent, aliases). */
  public declare<T extends pulumi.CustomResource>(
    name: LogicalName,
    create: (name: string, opts: pulumi.CustomResourceOptions) => T,
    extra?: pulumi.CustomResourceOptions,
  ): T {
    const resource = create(name.name, this.names.options(name, this.parent, extra));
    this.declared.push(resource);
    return resource;
  }
}
