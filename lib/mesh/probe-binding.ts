import { ApiObject, JsonPatch } from 'cdk8s';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { ServiceModel } from '../model';
import { MeshPolicyMode } from '../blueprint/mesh';
import { MeshServiceModel } from '../model/mesh-model';
import { atPointer } from '../service/pod-template';

const PROBE_FIELDS = [['liveness', 'livenessProbe'], ['readiness', 'readinessProbe'], ['startup', 'startupProbe']] as const;

/**
 * Gives the container that serves the blueprint's probe port the declared HTTP probes it lacks, so the
 * paths the mesh admits from the kubelet are the paths the kubelet calls. Probes the workload defines
 * itself are kept (and checked by `meshProbeProblems`).
 */
export function bindProbes(obj: ApiObject, containersPath: string, service: ServiceModel): void {
  const probes = service.probes;
  if (!probes) {
    return;
  }
  const containers: any[] = atPointer(obj.toJson(), containersPath) ?? [];
  const index = containers.findIndex((c) => (c.ports ?? []).some((p: any) => p.containerPort === probes.port.targetPort && (p.protocol ?? 'TCP') === probes.port.protocol));
  if (index < 0) {
    return; // the workload check reports the missing container port
  }
  for (const [kind, field] of PROBE_FIELDS) {
    const path = probes[kind];
    if (path !== undefined && containers[index][field] === undefined) {
      // The workload's typed serializer runs after the patch and expects IntOrString.
      obj.addJsonPatch(JsonPatch.add(`${containersPath}/${index}/${field}`, { httpGet: { path, port: IntOrString.fromNumber(probes.port.targetPort) } }));
    }
  }
}

/**
 * HTTP probes of a rendered pod spec that Linkerd would refuse: on a port with routes, the kubelet is
 * admitted only to the blueprint's probe paths (GET, exact path), so any other probe fails and the pod
 * never becomes ready.
 */
export function meshProbeProblems(podSpec: any, mesh: MeshServiceModel): string[] {
  const problems: string[] = [];
  for (const c of podSpec?.containers ?? []) {
    const named = new Map<string, number>((c.ports ?? []).filter((p: any) => p.name).map((p: any) => [p.name, p.containerPort]));
    for (const [kind, field] of PROBE_FIELDS) {
      const tcp = c[field]?.tcpSocket;
      if (tcp && mesh.mode === MeshPolicyMode.DENY) {
        // Linkerd authorizes only HTTP probes by default; a kubelet TCP connection is an unauthenticated caller.
        problems.push(`container "${c.name}": Linkerd (mode deny) refuses the kubelet's TCP ${kind} probe on port ${tcp.port}: use an HTTP probe declared in the service's \`probes\`, or an exec probe`);
      }
      const get = c[field]?.httpGet;
      if (!get) {
        continue;
      }
      const number = typeof get.port === 'number' ? get.port : named.get(get.port) ?? Number(get.port);
      const port = mesh.ports.find((p) => p.port.targetPort === number && p.port.protocol === 'TCP');
      if (port && port.routes.length > 0 && !port.probePaths.includes(get.path)) {
        problems.push(`container "${c.name}": Linkerd would refuse the ${kind} probe GET ${get.path} on port "${port.port.name}", which has routes: declare the path in the service's \`probes\` (port "${port.port.name}", no query string)`);
      }
    }
  }
  return problems;
}
