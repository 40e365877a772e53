/**
 * A workload as the user knows it: by its blueprint zone or namespace, and by its blueprint service name
 * or its `metadata.name` (which cdk8s hashes by default, `platform-orders-deployment-c8a3b1f2`).
 */
export interface WorkloadQuery {
  /** The workload's namespace, or the name of the blueprint zone whose namespace it runs in. */
  readonly namespace: string;
  /**
   * The blueprint service name: the workload labelled `zero-trust.cdk8s.io/service` with it, or the one
   * whose pods the blueprint's Service of that name selects; else a workload of that `metadata.name`.
   * @default - `name` names the workload
   */
  readonly service?: string;
  /** The workload's `metadata.name`, exactly. @default - `service` names the workload */
  readonly name?: string;
  /** The workload's kind (`Deployment`, `StatefulSet`, `Keycloak`), when two kinds share a name. @default - any kind */
  readonly kind?: string;
}
