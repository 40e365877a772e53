import { EdgeApiProps, EdgeProps } from '../blueprint/edge';
import { ZoneRole } from '../blueprint/zone';
import { BuildContext } from './build-context';
import { DEFAULT_KEYCLOAK_SERVICE } from './build-keycloak';
import { apiPort } from './edge-api-port';
import { ENVOY_GATEWAY_DEFAULTS, envoyProxyPodLabels, envoyProxyResourceName } from './envoy-gateway-names';
import { isGroupFlow } from './group-flow';
import { FlowModel, FlowPurpose, FlowSourceKind, PortModel, ServiceModel, WorkloadCallerModel } from './model';
import { checkDnsLabel, checkDnsSubdomain } from './names';

/** JSON path of the proxy's JWKS fetch: the flow the edge itself implies. */
export const JWKS_FLOW_PATH = 'edge';

/**
 * The edge's proxy pods, which Envoy Gateway runs in its controller namespace under their own
 * ServiceAccount, meshed (the EnvoyProxy injects Linkerd). They, not the edge service's pods, make the
 * edge's calls to the APIs it exposes.
 */
export function edgeProxyWorkload(edge: EdgeProps, gatewayNamespace: string): WorkloadCallerModel {
  const namespace = edge.controllerNamespace ?? ENVOY_GATEWAY_DEFAULTS.controllerNamespace;
  const serviceAccountName = edge.proxyServiceAccount ?? envoyProxyResourceName(gatewayNamespace, edge.service);
  return {
    name: `${namespace}-${serviceAccountName}`,
    namespace,
    serviceAccountName,
    podLabels: envoyProxyPodLabels(gatewayNamespace, edge.service),
    meshed: true,
    cidrs: [],
  };
}

/** Which calls of the blueprint are the edge proxy's: the edge service's calls to each exposed API's port. */
export class EdgeProxyCalls {
  constructor(
    public readonly edgeService: ServiceModel,
    public readonly proxy: WorkloadCallerModel,
    private readonly apiPorts: ReadonlyMap<ServiceModel, PortModel>,
  ) {}

  /** Whether a call of `caller` to `port` of `target` is made by the proxy instead. */
  public carries(caller: ServiceModel, target: ServiceModel, port: PortModel): boolean {
    return caller === this.edgeService && this.apiPorts.get(target) === port;
  }

  public apiPortOf(target: ServiceModel): PortModel | undefined {
    return this.apiPorts.get(target);
  }
}

/** Where the proxy fetches the realm's keys inside the cluster: Keycloak's Service, over TLS from the service CA. */
export interface JwksBackend {
  readonly service: ServiceModel;
  readonly port: PortModel;
  /** The name Keycloak's certificate is issued for: SNI and the name the proxy verifies. */
  readonly hostname: string;
}

/** The declared flows with the edge's calls realized by its proxy, and which calls those are. */
export interface RealizedEdge {
  readonly calls?: EdgeProxyCalls;
  readonly flows: readonly FlowModel[];
  /** Undefined when Keycloak's certificate is not the service CA's: the proxy then uses the public hostname. */
  readonly jwks?: JwksBackend;
}

/**
 * Realizes the edge in the flows, in one place: every declared call of the edge service to an exposed
 * API's port becomes a `workload` flow of the proxy (the edge service keeps its other calls), and the
 * proxy fetches the realm's keys from Keycloak's `https` port. Problems with the edge itself are
 * reported by `buildEdge`; here the edge is only realized when it is sound enough to name its proxy.
 */
export function realizeEdge(ctx: BuildContext, declared: readonly FlowModel[]): RealizedEdge {
  const edge = ctx.props.edge;
  const edgeService = edge && ctx.serviceByName.get(edge.service);
  if (!edge || !edgeService || edgeService.zone.role !== ZoneRole.DMZ || !soundNames(edge)) {
    return { flows: declared };
  }
  const proxy = edgeProxyWorkload(edge, edgeService.namespace);
  const zone = [...ctx.zones.values()].find((z) => z.namespace === proxy.namespace);
  if (zone) {
    ctx.issues.add('ZT-EDGE-026', 'edge.controllerNamespace', `namespace "${proxy.namespace}" is the namespace of zone "${zone.name}": Envoy Gateway runs the proxy pods in its controller namespace, which must be a namespace of its own (outside the zones)`);
    return { flows: declared };
  }
  declared.forEach((f) => {
    if (f.source.kind === FlowSourceKind.WORKLOAD && f.source.workload.namespace === proxy.namespace && f.source.workload.serviceAccountName === proxy.serviceAccountName) {
      ctx.issues.add('ZT-EDGE-027', `${f.path}.workload`, `this is the edge's proxy (${proxy.namespace}/${proxy.serviceAccountName}), whose calls the library derives from the edge: allow \`{ service: ${edgeService.name} }\` instead`);
    }
  });
  const calls = new EdgeProxyCalls(edgeService, proxy, apiPorts(ctx, edge.apis));
  const flows: FlowModel[] = [];
  const realized = new Set<ServiceModel>();
  for (const flow of declared) {
    const port = calls.apiPortOf(flow.target);
    if (!port || flow.purpose !== FlowPurpose.DECLARED || !callsFrom(flow, edgeService) || !flow.ports.includes(port)) {
      flows.push(flow);
      continue;
    }
    flows.push(...withoutEdgeCall(flow, edgeService, port));
    if (!realized.has(flow.target)) {
      realized.add(flow.target);
      flows.push(proxyFlow(proxy, flow.target, [port], flow.path));
    }
  }
  const jwks = jwksBackend(ctx);
  if (jwks) {
    flows.push(proxyFlow(proxy, jwks.service, [jwks.port], JWKS_FLOW_PATH));
  }
  return { calls, flows, jwks };
}

function soundNames(edge: EdgeProps): boolean {
  const namespace = edge.controllerNamespace ?? ENVOY_GATEWAY_DEFAULTS.controllerNamespace;
  return checkDnsLabel(namespace) === undefined
    && (edge.proxyServiceAccount === undefined || checkDnsSubdomain(edge.proxyServiceAccount) === undefined);
}

/** The port each exposed API is forwarded to (problems are `buildEdge`'s to report). */
function apiPorts(ctx: BuildContext, apis: readonly EdgeApiProps[]): Map<ServiceModel, PortModel> {
  const ports = new Map<ServiceModel, PortModel>();
  for (const api of apis) {
    const service = ctx.serviceByName.get(api.service);
    const port = service && apiPort(api, service);
    if (service && port && !ports.has(service)) {
      ports.set(service, port);
    }
  }
  return ports;
}

/**
 * What is left of `flow` once the edge service's call to `port` is the proxy's: its other ports as
 * declared, and on `port` its other callers (a zone flow lists the edge among its exceptions, so the
 * NetworkPolicy names the remaining services instead of the whole namespace).
 */
function withoutEdgeCall(flow: FlowModel, edgeService: ServiceModel, port: PortModel): FlowModel[] {
  const out: FlowModel[] = [];
  const otherPorts = flow.ports.filter((p) => p !== port);
  if (otherPorts.length > 0) {
    out.push(isGroupFlow(flow) ? flow.with({ ports: otherPorts }) : { ...flow, ports: otherPorts });
  }
  if (isGroupFlow(flow)) {
    // The edge joins the source's exceptions: a zone's NetworkPolicy then names the remaining services
    // instead of the whole namespace, and a role flow is its caller group but the edge.
    const rest = flow.with({ source: { ...flow.source, except: [...flow.source.except, edgeService] }, ports: [port] });
    if (rest.callers.length > 0) {
      out.push(rest);
    }
  }
  return out;
}

function callsFrom(flow: FlowModel, service: ServiceModel): boolean {
  return isGroupFlow(flow) ? flow.hasCaller(service) : flow.callers.includes(service);
}

function proxyFlow(proxy: WorkloadCallerModel, target: ServiceModel, ports: PortModel[], path: string): FlowModel {
  return { source: { kind: FlowSourceKind.WORKLOAD, workload: proxy }, purpose: FlowPurpose.DECLARED, target, ports, callers: [], path };
}

/**
 * Keycloak's `https` port, where the proxy fetches the realm's keys in the cluster, when Keycloak serves the
 * certificate the service CA issues for its Service (the proxy verifies it with the CA's trust bundle). A
 * missing port is `buildKeycloak`'s to report.
 */
function jwksBackend(ctx: BuildContext): JwksBackend | undefined {
  const kc = ctx.props.keycloak;
  const service = kc && ctx.serviceByName.get(kc.service ?? DEFAULT_KEYCLOAK_SERVICE);
  const port = service?.ports.find((p) => p.name === 'https');
  const tls = service?.tls;
  if (!service || !port || !tls || (kc.tlsSecretName !== undefined && kc.tlsSecretName !== tls.secretName)) {
    return undefined;
  }
  return { service, port, hostname: tls.dnsNames[0] };
}
