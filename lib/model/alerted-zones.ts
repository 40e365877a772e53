import { AppProtocol } from '../blueprint/protocol';
import { AlertedServersModel, AlertedZoneModel } from './alerting-model';
import { MeshModel, MeshServiceModel } from './mesh-model';
import { ZoneModel } from './model';

/** App protocols Linkerd serves as HTTP, counting denials per request. */
const HTTP_PROTOCOLS = new Set<AppProtocol>([AppProtocol.HTTP, AppProtocol.HTTP2, AppProtocol.GRPC]);

/** The zones whose meshed services have Servers, in zone order, each with its HTTP and TCP Servers. */
export function alertedZones(mesh: MeshModel): AlertedZoneModel[] {
  const byZone = new Map<ZoneModel, MeshServiceModel[]>();
  for (const m of mesh.services) {
    if (m.ports.length > 0) {
      (byZone.get(m.service.zone) ?? byZone.set(m.service.zone, []).get(m.service.zone)!).push(m);
    }
  }
  return mesh.zones.filter((z) => byZone.has(z.zone)).map(({ zone }) => {
    const services = byZone.get(zone)!;
    const servers = (http: boolean) => services.flatMap((m) => m.ports
      .filter((p) => HTTP_PROTOCOLS.has(p.port.appProtocol) === http)
      .map((p) => ({ server: p.name, service: m.service.name, portName: p.port.name })));
    return { zone, mode: services[0].mode, http: serversModel(servers(true)), tcp: serversModel(servers(false)) };
  });
}

function serversModel(servers: { server: string; service: string; portName: string }[]): AlertedServersModel | undefined {
  if (servers.length === 0) {
    return undefined;
  }
  const portNames = [...new Set(servers.map((s) => s.portName))].sort();
  // The rule names a Server's service by the longest port name it ends with; list where that is wrong.
  const byLength = [...portNames].sort((a, b) => b.length - a.length);
  const serviceOverrides = servers
    .filter((s) => serviceBySuffix(s.server, byLength) !== s.service)
    .map(({ server, service }) => ({ server, service }))
    .sort((a, b) => a.server.localeCompare(b.server));
  return { portNames, serviceOverrides };
}

/** `<service>` of `<service>-<port>` for the longest listed port name that leaves a service name. */
export function serviceBySuffix(server: string, portNamesLongestFirst: readonly string[]): string | undefined {
  const port = portNamesLongestFirst.find((p) => server.length > p.length + 1 && server.endsWith(`-${p}`));
  return port === undefined ? undefined : server.slice(0, server.length - port.length - 1);
}
