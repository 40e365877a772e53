import { EdgeApiProps } from '../blueprint/edge';
import { AppProtocol } from '../blueprint/protocol';
import { IssueCollector } from './errors';
import { PortModel, ServiceModel } from './model';

/**
 * The HTTP port of `service` the edge forwards an exposed API to: the named one, or the only HTTP port
 * that does not serve metrics. Problems are reported when `report` is given.
 */
export function apiPort(api: EdgeApiProps, service: ServiceModel, report?: { path: string; issues: IssueCollector }): PortModel | undefined {
  const http = service.ports.filter((p) => (p.appProtocol === AppProtocol.HTTP || p.appProtocol === AppProtocol.HTTP2) && !p.metrics);
  if (api.port === undefined) {
    if (http.length !== 1) {
      report?.issues.add('ZT-EDGE-016', `${report.path}.port`, http.length === 0
        ? `service "${service.name}" has no http or http2 port (besides metrics ports) the edge could forward to`
        : `service "${service.name}" has several HTTP ports (${http.map((p) => `"${p.name}"`).join(', ')}): name the one the edge forwards to`);
      return undefined;
    }
    return http[0];
  }
  const port = http.find((p) => p.name === api.port);
  if (!port) {
    report?.issues.add('ZT-EDGE-017', `${report.path}.port`, `service "${service.name}" has no http or http2 port named "${api.port}" (HTTP ports: ${http.map((p) => `"${p.name}"`).join(', ') || 'none'})`);
  }
  return port;
}
