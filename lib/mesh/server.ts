import { Construct } from 'constructs';
import { MeshPolicyMode } from '../blueprint/mesh';
import { ServerV1Beta3SpecPodSelector } from '../imports/policy.linkerd.io';
import { ServerV1Beta3 } from '../rendering/typed-objects';

export interface MeshServerProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly podSelector: ServerV1Beta3SpecPodSelector;
  /** Container port NAME: a name follows the workload if its port number changes. */
  readonly port: string;
  readonly proxyProtocol: string;
  /** What happens to calls no authorization admits. */
  readonly mode: MeshPolicyMode;
}

/** A Linkerd `Server` (policy.linkerd.io/v1beta3): one port of a set of pods, the target of authorizations. */
export class MeshServer extends Construct {
  public readonly serverName: string;

  constructor(scope: Construct, id: string, props: MeshServerProps) {
    super(scope, id);
    this.serverName = props.name;
    new ServerV1Beta3(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: props.podSelector,
        port: props.port,
        proxyProtocol: props.proxyProtocol,
        accessPolicy: props.mode,
      },
    });
  }
}
