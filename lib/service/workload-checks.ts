import { ServiceModel } from '../model';

/**
 * Problems of the rendered pod spec of a workload bound to `service`: missing container ports (Servers and policies
 * would point at nothing) and settings the zone's `restricted` Pod Security level rejects.
 */
export function workloadProblems(spec: any, service: ServiceModel): string[] {
  const containers: any[] = spec.containers ?? [];
  const problems: string[] = [];
  const declared = new Set(containers.flatMap((c) => (c.ports ?? []).map((p: any) => `${p.protocol ?? 'TCP'}/${p.containerPort}`)));
  for (const port of service.ports) {
    if (!declared.has(`${port.protocol}/${port.targetPort}`)) {
      problems.push(`no container declares ${port.protocol} port ${port.targetPort} ("${port.name}"): add it to the container's ports`);
    }
  }
  if (spec.securityContext?.runAsNonRoot !== true) {
    problems.push('pod securityContext.runAsNonRoot must be true (Pod Security "restricted")');
  }
  for (const c of [...containers, ...(spec.initContainers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) {
      problems.push(`container "${c.name}": securityContext.allowPrivilegeEscalation must be false (Pod Security "restricted")`);
    }
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) {
      problems.push(`container "${c.name}": securityContext.capabilities.drop must include ALL (Pod Security "restricted"); bind the workload after adding its containers`);
    }
    if (sc.privileged === true) {
      problems.push(`container "${c.name}" must not be privileged (Pod Security "restricted")`);
    }
  }
  return problems;
}
