import { ServiceProps } from '../blueprint/service';
import { AppProtocol, Protocol } from '../blueprint/protocol';
import { IssueCollector } from './errors';
import { ProbesModel } from './mesh-model';
import { PortModel } from './model';

/** App protocols whose Servers take HTTPRoutes (gRPC Servers take GRPCRoutes instead). */
export const HTTP_PROTOCOLS: ReadonlySet<AppProtocol> = new Set([AppProtocol.HTTP, AppProtocol.HTTP2]);

/** An HTTP port: an http or http2 app protocol over TCP (a UDP port never carries HTTP through the mesh). */
export function isHttpPort(port: PortModel): boolean {
  return port.protocol === Protocol.TCP && HTTP_PROTOCOLS.has(port.appProtocol);
}

/** The probes of one service (`services[i].probes`), checked against its ports. */
export function buildProbes(svc: ServiceProps, path: string, ports: readonly PortModel[], issues: IssueCollector): ProbesModel | undefined {
  const probes = svc.probes;
  if (!probes) {
    return undefined;
  }
  const probesPath = `${path}.probes`;
  let port: PortModel | undefined;
  if (probes.port !== undefined) {
    port = ports.find((p) => p.name === probes.port);
    if (!port) {
      issues.add('ZT-MESH-001', `${probesPath}.port`, `service "${svc.name}" declares no port named "${probes.port}" (declared: ${ports.map((p) => `"${p.name}"`).join(', ') || 'none'})`);
    }
  } else {
    port = ports.find(isHttpPort);
    if (!port) {
      issues.add('ZT-MESH-002', `${probesPath}.port`, `service "${svc.name}" has no http or http2 port: name the port the probes call`);
    }
  }
  const kinds = (['liveness', 'readiness', 'startup'] as const).filter((k) => probes[k] !== undefined);
  if (kinds.length === 0) {
    issues.add('ZT-MESH-003', probesPath, 'declare at least one of `liveness`, `readiness` or `startup`, or remove `probes`');
  }
  for (const kind of kinds) {
    const problem = checkRequestPath(probes[kind]!, 'the kubelet\'s probe');
    if (problem) {
      issues.add('ZT-MESH-004', `${probesPath}.${kind}`, problem);
    }
  }
  if (!port) {
    return undefined;
  }
  const paths = [...new Set(kinds.map((k) => probes[k]!))].sort();
  return { port, liveness: probes.liveness, readiness: probes.readiness, startup: probes.startup, paths };
}

/** An HTTP path Linkerd can match exactly or by prefix: absolute, without query string or fragment. */
export function checkRequestPath(value: string, what: string): string | undefined {
  if (!value.startsWith('/')) {
    return `"${value}" is not an absolute path: start it with "/"`;
  }
  if (value.includes('?')) {
    return `"${value}" has a query string: Linkerd matches the path only, so ${what} would match no route and be refused; drop "${value.slice(value.indexOf('?'))}"`;
  }
  if (value.includes('#') || /\s/.test(value)) {
    return `"${value}" is not a request path: remove the fragment or whitespace`;
  }
  return undefined;
}
