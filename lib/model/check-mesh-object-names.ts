import { IssueCollector } from './errors';
import { MeshServiceModel, MeshZoneModel } from './mesh-model';
import { ZONE_MESH_OBJECTS, networkObjectName, probeRouteName } from './mesh-names';

/** Object names must not clash within a namespace (a clash would silently merge two policies). */
export function checkObjectNames(zones: readonly MeshZoneModel[], meshServices: readonly MeshServiceModel[], issues: IssueCollector): void {
  // Owners by namespace, then by name: no joined key to build and hash per object.
  const owners = new Map<string, Map<string, string>>();
  const claim = (namespace: string, name: string, owner: string, path: string) => {
    let inNamespace = owners.get(namespace);
    if (inNamespace === undefined) {
      inNamespace = new Map();
      owners.set(namespace, inNamespace);
    }
    const previous = inNamespace.get(name);
    if (previous !== undefined && previous !== owner) {
      issues.add('ZT-MESH-028', path, `the Linkerd objects of ${owner} would be named "${name}" in namespace "${namespace}", like those of ${previous}: rename one of them`);
    } else {
      inNamespace.set(name, owner);
    }
  };
  for (const { zone, callerGroups } of zones) {
    for (const name of Object.values(ZONE_MESH_OBJECTS)) {
      claim(zone.namespace, name, `zone "${zone.name}"`, `zones`);
    }
    for (const group of callerGroups) {
      group.chunks.forEach((c) => claim(zone.namespace, c.name, group.description, 'zones'));
    }
  }
  for (const { service, ports } of meshServices) {
    const path = `${service.path}.ports`;
    for (const p of ports) {
      const owner = `port "${p.port.name}" of "${service.name}"`;
      claim(service.namespace, p.name, owner, path);
      p.callers.networks.forEach((n) => claim(service.namespace, networkObjectName(p.name, n.name), owner, path));
      // Its own owner, so that a network caller named like a chunk is reported rather than merged.
      p.callers.groups.forEach((g) => g.chunks.forEach((c) => claim(service.namespace, networkObjectName(p.name, c.name), `${g.description} admitted on ${owner}`, path)));
      if (p.probePaths.length > 0) {
        claim(service.namespace, probeRouteName(service.name, p.port.name), owner, path);
      }
      for (const r of p.routes) {
        const routeOwner = `route "${r.routeName}" of "${service.name}"`;
        claim(service.namespace, r.name, routeOwner, r.jsonPath);
        r.callers.networks.forEach((n) => claim(service.namespace, networkObjectName(r.name, n.name), routeOwner, r.jsonPath));
        r.callers.groups.forEach((g) => g.chunks.forEach((c) => claim(service.namespace, networkObjectName(r.name, c.name), `${g.description} admitted on ${routeOwner}`, r.jsonPath)));
      }
    }
  }
}
