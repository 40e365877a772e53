import { AppProtocol } from '../blueprint/protocol';
import { AlertedServersModel, AlertedZoneModel } from './alerting-model';
import { MeshModel, MeshServiceModel } from './mesh-model';
import { ZoneModel } from './model';
import { compareNames } from '../name-order';

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
    // The HTTP and the TCP Servers, each in service and port order, in one pass.
    const http: AlertedServer[] = [];
    const tcp: AlertedServer[] = [];
    for (const m of services) {
      for (const p of m.ports) {
        (HTTP_PROTOCOLS.has(p.port.appProtocol) ? http : tcp).push({ server: p.name, service: m.service.name, portName: p.port.name });
      }
    }
    return { zone, mode: services[0].mode, http: serversModel(http), tcp: serversModel(tcp) };
  });
}

interface AlertedServer {
  readonly server: string;
  readonly service: string;
  readonly portName: string;
}

function serversModel(servers: readonly AlertedServer[]): AlertedServersModel | undefined {
  if (servers.length === 0) {
    return undefined;
  }
  const portNames = [...new Set(servers.map((s) => s.portName))].sort();
  // The rule names a Server's service by the longest port name it ends with; list where that is wrong.
  const byLength = [...portNames].sort((a, b) => b.length - a.length);
  const serviceOverrides = servers
    .filter((s) => serviceBySuffix(s.server, byLength) !== s.service)
    .map(({ server, service }) => ({ server, service }))
    .sort((a, b) => compareNames(a.server, b.server));
  return { portNames, serviceOverrides };
}

/** `<service>` of `<service>-<port>` for the longest listed port name that leaves a service name. */
export function serviceBySuffix(server: string, portNamesLongestFirst: readonly string[]): string | undefined {
  // `endsWith('-' + p)`, without a string per test.
  const port = portNamesLongestFirst.find((p) => server.length > p.length + 1 && server.endsWith(p) && server.charCodeAt(server.length - p.length - 1) === 45);
  return port === undefined ? undefined : server.slice(0, server.length - port.length - 1);
}
