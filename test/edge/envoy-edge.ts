// Runs the edge as Envoy Gateway would, without a cluster: Envoy Gateway's own translator (`egctl x translate`)
// turns the Gateway API objects into xDS, and a real Envoy runs that xDS on loopback.
//
// What a cluster would provide is supplied here, and only that: the TLS Secret's content (egctl's dump has no
// secrets), static endpoints instead of EDS/DNS (Service and host addresses are mapped to loopback test servers),
// the Keycloak test CA instead of the system trust store or the CA bundle a BackendTLSPolicy delivers by SDS, and
// the listener on a free loopback port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { toolPath } from '../support/tools';

export interface Translation {
  /** egctl's output: the Gateway API objects with their status, and `xds` per Gateway (an Envoy config dump). */
  readonly result: any;
  /** The config dump of one Gateway (`<namespace>/<name>`). */
  readonly dump: any[];
}

/** Translates objects with `egctl x translate --from gateway-api --to gateway-api,xds`; throws on any error. */
export function translate(objects: any[], gateway: string): Translation {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-egctl-'));
  const file = path.join(dir, 'in.yaml');
  fs.writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  const res = spawnSync(toolPath('egctl'), ['x', 'translate', '--from', 'gateway-api', '--to', 'gateway-api,xds', '-o', 'json', '-f', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  fs.rmSync(dir, { recursive: true, force: true });
  if (res.status !== 0) {
    throw new Error(`egctl x translate failed (${res.status}): ${res.stderr || res.stdout}`);
  }
  const result = JSON.parse(res.stdout);
  const dump = result.xds?.[gateway]?.configs;
  if (!Array.isArray(dump)) {
    throw new Error(`egctl produced no xDS for gateway ${gateway}: ${res.stdout.slice(0, 2000)}`);
  }
  return { result, dump };
}

export interface LoopbackAddress {
  readonly address: string;
  readonly port: number;
}

export interface BootstrapOptions {
  readonly adminPort: number;
  /** Listener name in the dump → loopback port Envoy listens on. */
  readonly listeners: Record<string, number>;
  /** SDS secret name → PEM certificate and key (what the Kubernetes TLS Secret holds). */
  readonly secrets: Record<string, { cert: string; key: string }>;
  /** `host:port` of an upstream in the dump (Service address or DNS name) → the loopback server standing in for it. */
  readonly upstreams: Record<string, LoopbackAddress>;
  /** PEM that upstream TLS trusts instead of the system store (the test Keycloak's certificate). */
  readonly upstreamCa: string;
}

/** A copy of an `Any`-wrapped resource of the dump without its `@type` (the bootstrap field already says it). */
const unwrap = (resource: any) => {
  const { '@type': _type, ...rest } = JSON.parse(JSON.stringify(resource));
  return rest;
};

const ofType = (dump: any[], type: string) => {
  const found = dump.find((c) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${type}`);
  if (!found) throw new Error(`the config dump has no ${type}`);
  return found;
};

/** A static Envoy bootstrap with the dump's listeners, routes and clusters, wired to loopback. */
export function bootstrapFromDump(dump: any[], opts: BootstrapOptions): any {
  const routes = new Map<string, any>(ofType(dump, 'RoutesConfigDump').dynamicRouteConfigs.map((r: any) => [r.routeConfig.name, unwrap(r.routeConfig)]));
  const loadAssignments = new Map<string, any>((ofType(dump, 'EndpointsConfigDump').dynamicEndpointConfigs ?? [])
    .map((e: any) => [e.endpointConfig.clusterName, e.endpointConfig]));
  const listeners = ofType(dump, 'ListenersConfigDump').dynamicListeners
    .map((l: any) => l.activeState.listener)
    .filter((l: any) => opts.listeners[l.name] !== undefined)
    .map((l: any) => {
      const copy = unwrap(l);
      copy.address = { socketAddress: { address: '127.0.0.1', portValue: opts.listeners[l.name] } };
      for (const chain of copy.filterChains) {
        for (const sds of chain.transportSocket?.typedConfig?.commonTlsContext?.tlsCertificateSdsSecretConfigs ?? []) {
          delete sds.sdsConfig; // a static secret of the bootstrap, by name
        }
        for (const filter of chain.filters) {
          const hcm = filter.typedConfig;
          if (hcm?.rds) {
            const rc = routes.get(hcm.rds.routeConfigName);
            if (!rc) throw new Error(`no route configuration ${hcm.rds.routeConfigName} in the dump`);
            delete hcm.rds;
            hcm.routeConfig = rc;
          }
        }
      }
      return copy;
    });
  const missing = Object.keys(opts.listeners).filter((n) => !listeners.some((l: any) => l.name === n));
  if (missing.length > 0) throw new Error(`the dump has no listener ${missing.join(', ')}`);

  const toLoopback = (la: any) => {
    const copy = unwrap(la);
    for (const locality of copy.endpoints ?? []) {
      for (const lb of locality.lbEndpoints ?? []) {
        const sa = lb.endpoint.address.socketAddress;
        const target = opts.upstreams[`${sa.address}:${sa.portValue}`];
        if (!target) throw new Error(`no loopback server stands in for upstream ${sa.address}:${sa.portValue}`);
        lb.endpoint.address.socketAddress = { address: target.address, portValue: target.port };
      }
    }
    return copy;
  };
  const clusters = ofType(dump, 'ClustersConfigDump').dynamicActiveClusters.map((c: any) => {
    const copy = unwrap(c.cluster);
    const la = copy.edsClusterConfig ? loadAssignments.get(copy.edsClusterConfig.serviceName ?? copy.name) : copy.loadAssignment;
    if (!la) throw new Error(`cluster ${copy.name} has no endpoints in the dump`);
    delete copy.edsClusterConfig;
    delete copy.clusterType;
    copy.type = 'STATIC';
    copy.loadAssignment = toLoopback(la);
    // Upstream TLS, also per endpoint (Envoy Gateway puts a BackendTLSPolicy's TLS in transportSocketMatches).
    for (const socket of [copy.transportSocket, ...(copy.transportSocketMatches ?? []).map((m: any) => m.transportSocket)]) {
      const tls = socket?.typedConfig?.commonTlsContext;
      if (tls?.validationContext?.trustedCa) {
        tls.validationContext.trustedCa = { inlineString: opts.upstreamCa };
      }
      // A BackendTLSPolicy's CA bundle arrives by SDS; its name checks (SAN matchers) stay as translated.
      if (tls?.combinedValidationContext) {
        tls.validationContext = { ...tls.combinedValidationContext.defaultValidationContext, trustedCa: { inlineString: opts.upstreamCa } };
        delete tls.combinedValidationContext;
      }
    }
    return copy;
  });
  return {
    admin: { address: { socketAddress: { address: '127.0.0.1', portValue: opts.adminPort } } },
    staticResources: {
      listeners,
      clusters,
      secrets: Object.entries(opts.secrets).map(([name, s]) => ({
        name, tlsCertificate: { certificateChain: { inlineString: s.cert }, privateKey: { inlineString: s.key } },
      })),
    },
  };
}

export interface RunningEnvoy {
  readonly pid: number;
  log(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts Envoy with a bootstrap and waits until its admin interface reports LIVE (listeners are up). */
export async function startEnvoy(bootstrap: any, adminPort: number, timeoutMs = 60_000): Promise<RunningEnvoy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-envoy-'));
  const config = path.join(dir, 'bootstrap.json');
  const logFile = path.join(dir, 'envoy.log');
  fs.writeFileSync(config, JSON.stringify(bootstrap));
  const fd = fs.openSync(logFile, 'a');
  let exited: number | null | undefined;
  const child: ChildProcess = spawn(toolPath('envoy'), [
    '-c', config, '--disable-hot-restart', '--base-id', String(process.pid % 60000 + 1000), '-l', 'warning', '--concurrency', '1',
  ], { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.on('exit', (code) => { exited = code; });
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const stop = async () => {
    if (exited === undefined && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
      if (exited === undefined) process.kill(child.pid, 'SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      const text = log();
      await stop();
      throw new Error(`envoy exited (${exited}) during start-up:\n${text.split('\n').slice(-40).join('\n')}`);
    }
    const ready = await fetch(`http://127.0.0.1:${adminPort}/ready`).then((r) => r.text()).catch(() => '');
    if (ready.trim() === 'LIVE') break;
    if (Date.now() > deadline) {
      const text = log();
      await stop();
      throw new Error(`envoy not ready after ${timeoutMs} ms:\n${text.split('\n').slice(-40).join('\n')}`);
    }
    await sleep(250);
  }
  return { pid: child.pid!, log, stop };
}
