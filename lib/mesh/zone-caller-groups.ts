import { Construct } from 'constructs';
import { LABELS, managedLabels } from '../labels';
import { MeshZoneModel } from '../model/mesh-model';
import { serviceAccountAuthentication } from './authentications';

/**
 * The MeshTLSAuthentications of the caller groups a zone's Servers and routes admit (zone and role flows),
 * once in the zone's namespace and shared by all of them: one scope per group (`Callers-<group>`), one
 * object per chunk of its identities.
 *
 * The blueprint places these after the services, not in the zone's scope with its other objects: a chunk
 * lists up to 500 ServiceAccounts, and when such documents are the first ones cdk8s's YAML writer meets,
 * V8 runs the writer unoptimized while it builds their 500 maps, finds them nearly all alive at a young
 * collection and from then on allocates every YAML node of every later document in the old generation
 * (allocation-site pretenuring): a 10,000-service synthesis then takes about 2 s and 250 MiB more. After
 * the services' documents the writer is warm, and no measured run did it. Linkerd resolves the references of
 * an AuthorizationPolicy by name whenever they appear, so the order does not matter to the cluster.
 */
export class ZoneCallerGroups extends Construct {
  constructor(scope: Construct, id: string, zone: MeshZoneModel) {
    super(scope, id);
    const namespace = zone.zone.namespace;
    const labels = managedLabels({ [LABELS.zone]: zone.zone.name });
    for (const group of zone.callerGroups) {
      const groupScope = new Construct(this, `Callers-${group.name}`);
      for (const chunk of group.chunks) {
        serviceAccountAuthentication(groupScope, chunk.name, { name: chunk.name, namespace, labels, callers: chunk.identities });
      }
    }
  }
}
