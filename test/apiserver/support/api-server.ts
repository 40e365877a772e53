// A real kube-apiserver backed by etcd, both started on 127.0.0.1 by the suite and stopped by PID.
// No controller manager, scheduler or kubelet: objects are stored and validated, nothing runs.
import { ChildProcess, spawn } from 'child_process';
import { generateKeyPairSync, randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { ToolName, toolPath } from '../../support/tools';
import { KubeClient } from './kube-client';

/**
 * The kube-apiserver binary the suite runs: `kube-apiserver` (Kubernetes 1.30), or the one named by
 * ZT_KUBE_APISERVER (`kube-apiserver-1.27`, built by `.ci/install-tools.sh kube-apiserver-1.27`).
 */
export function kubeApiserverTool(): ToolName {
  const name = process.env.ZT_KUBE_APISERVER || 'kube-apiserver';
  if (name !== 'kube-apiserver' && name !== 'kube-apiserver-1.27') {
    throw new Error(`ZT_KUBE_APISERVER=${name}: use kube-apiserver or kube-apiserver-1.27`);
  }
  return name;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Keeps the last lines a process wrote, for the error message when it fails to come up. */
class OutputTail {
  private text = '';
  constructor(child: ChildProcess) {
    const keep = (chunk: Buffer) => { this.text = (this.text + chunk.toString()).slice(-6000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }
  public toString(): string { return this.text; }
}

interface Started { readonly child: ChildProcess; readonly tail: OutputTail; readonly name: string }

export interface TestApiServerOptions {
  /** Milliseconds to wait for etcd and the API server to become ready. @default 90000 */
  readonly readyTimeoutMs?: number;
}

/**
 * etcd plus kube-apiserver on loopback with a temporary data dir. The API server self-signs its serving
 * certificate (in its `--cert-dir`), signs service-account tokens with a key generated here, and
 * authenticates the test client by a static bearer token in `system:masters`. Admission is the default
 * set (NamespaceLifecycle, PodSecurity, ...), none of which needs a controller manager for the objects
 * applied here (no Pods are created: nothing turns a Deployment into Pods).
 */
export class TestApiServer {
  /** Starts both processes and waits until `/readyz` answers 200. Stops what it started when that fails. */
  public static async start(opts: TestApiServerOptions = {}): Promise<TestApiServer> {
    const server = new TestApiServer(mkdtempSync(join(tmpdir(), 'zt-apiserver-')));
    try {
      await server.boot(opts.readyTimeoutMs ?? 90_000);
      return server;
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  private readonly processes: Started[] = [];
  private readonly token = randomBytes(24).toString('hex');
  private apiClient?: KubeClient;

  private constructor(private readonly dir: string) {}

  /** The client of the running server (authenticated as a cluster admin). */
  public get client(): KubeClient {
    if (!this.apiClient) throw new Error('the API server is not running');
    return this.apiClient;
  }

  /** Stops the API server, then etcd (each by its PID: SIGTERM, SIGKILL after 10 s), and removes the data dir. */
  public async stop(): Promise<void> {
    for (const p of [...this.processes].reverse()) {
      await stopProcess(p.child);
    }
    this.processes.length = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async boot(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcd = this.launch('etcd', toolPath('etcd'), [
      '--name', 'zt-test',
      '--data-dir', join(this.dir, 'etcd'),
      '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `zt-test=http://127.0.0.1:${etcdPeer}`,
      '--log-level', 'warn',
    ]);
    await waitUntil(deadline, etcd, async () => (await httpStatus(`${etcdUrl}/health`)) === 200);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saKey = join(this.dir, 'sa.key');
    writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const tokens = join(this.dir, 'tokens.csv');
    writeFileSync(tokens, `${this.token},zt-test-admin,zt-test-admin,"system:masters"\n`);
    const certDir = join(this.dir, 'certs');
    const apiserver = this.launch('kube-apiserver', toolPath(kubeApiserverTool()), [
      '--etcd-servers', etcdUrl,
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--secure-port', String(securePort),
      '--cert-dir', certDir,
      '--token-auth-file', tokens,
      '--authorization-mode', 'RBAC',
      '--service-account-issuer', 'https://kubernetes.default.svc.cluster.local',
      '--service-account-key-file', saKey, '--service-account-signing-key-file', saKey,
      '--service-cluster-ip-range', '10.96.0.0/16',
      '--profiling=false',
      '--v', '0',
    ]);
    let client: KubeClient | undefined;
    await waitUntil(deadline, apiserver, async () => {
      // The self-signed certificate (with its CA) appears in the cert dir before the port opens.
      if (!client) {
        try {
          client = new KubeClient(`https://127.0.0.1:${securePort}`, this.token, readFileSync(join(certDir, 'apiserver.crt'), 'utf8'));
        } catch {
          return false;
        }
      }
      return client.ready();
    });
    this.apiClient = client;
  }

  private launch(name: string, bin: string, args: string[]): Started {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = { child, tail: new OutputTail(child), name };
    this.processes.push(started);
    return started;
  }
}

async function waitUntil(deadline: number, p: Started, ready: () => Promise<boolean>): Promise<void> {
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}) before it was ready:\n${p.tail}`);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${p.name} was not ready in time:\n${p.tail}`);
}

async function httpStatus(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const kill = setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }, 10_000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    try { process.kill(pid, 'SIGTERM'); } catch { clearTimeout(kill); resolve(); }
  });
}
