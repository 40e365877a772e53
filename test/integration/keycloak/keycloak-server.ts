/**
 * Test harness that runs a real Keycloak server (the unpacked distribution
 * installed by `.ci/install-keycloak.sh`) on loopback only, over HTTPS with a
 * throw-away self-signed certificate, and imports realm JSON on start.
 *
 * Only Node built-ins are used so the harness works before any npm install.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const VERSION_FILE = path.join('test', 'integration', 'keycloak', 'KEYCLOAK_VERSION');

/** Repo root: walk up from cwd (no import.meta / __dirname, so this works as ESM and CJS). */
function findRepoRoot(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, VERSION_FILE))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find ${VERSION_FILE} above ${process.cwd()}; run the tests from the repository`);
    }
  }
}

/** The pinned Keycloak version (single source of truth: the KEYCLOAK_VERSION file). */
export function keycloakVersion(): string {
  return fs.readFileSync(path.join(findRepoRoot(), VERSION_FILE), 'utf8').trim();
}

/** Location of the unpacked distribution: $KEYCLOAK_HOME, else the install script's cache dir. */
export function keycloakHome(): string {
  const home =
    process.env.KEYCLOAK_HOME ??
    path.join(
      process.env.KEYCLOAK_CACHE ?? path.join(os.homedir(), '.cache', 'cdk8s-zero-trust', 'keycloak'),
      `keycloak-${keycloakVersion()}`,
    );
  if (!fs.existsSync(path.join(home, 'bin', 'kc.sh'))) {
    throw new Error(`Keycloak distribution not found at ${home}; run .ci/install-keycloak.sh first`);
  }
  return home;
}

// ---------------------------------------------------------------------------
// HTTPS client
// ---------------------------------------------------------------------------

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  /** PEM to trust (the harness's self-signed certificate). */
  ca?: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  timeoutMs?: number;
}

/**
 * One HTTP(S) request. Never follows redirects: tests must be able to assert on
 * 302 responses and their Location header (e.g. `error=` parameters).
 */
export function request(method: string, url: string, opts: RequestOptions = {}): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  let payload: string | undefined;
  if (opts.form !== undefined) {
    payload = new URLSearchParams(opts.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));

  return new Promise((resolve, reject) => {
    const timeout = opts.timeoutMs ?? 30_000;
    const options: https.RequestOptions = { method, headers, ca: opts.ca, timeout, agent: false };
    const send = url.startsWith('http:') ? http.request : https.request;
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Decodes (does NOT verify) a JWT's payload. */
export function decodeJwt(token: string): Record<string, any> {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, any>;
}

// ---------------------------------------------------------------------------
// Server lifecycle
// ---------------------------------------------------------------------------

export interface StartOptions {
  /** Realm representations, imported at start (`--import-realm`). Each needs a `realm` name. */
  realms: object[];
  adminUser?: string;
  adminPassword?: string;
  /**
   * Extra environment for the server, e.g. values for `${VAR}` / `${VAR:default}`
   * placeholders in the realm JSON: `--import-realm` substitutes them from the
   * server's environment (as `kc.sh import` does for the operator's
   * KeycloakRealmImport `placeholders`); unset ones without a default stay literal.
   */
  env?: Record<string, string>;
  /** Extra `kc.sh start` options, e.g. `--features=...` (don't repeat the harness's own). */
  args?: string[];
  /** Also open a plain-HTTP listener (`httpUrl`), e.g. to test `sslRequired`. Default false. */
  http?: boolean;
  /** Default 180 s. Measured on 2 cores: ~35-75 s on the first run (Quarkus re-build), ~15-30 s after. */
  startTimeoutMs?: number;
  /** Extra DNS names of the server certificate (besides localhost), e.g. an in-cluster Service name a client verifies. */
  certificateDnsNames?: string[];
}

export interface RunningKeycloak {
  /** e.g. https://127.0.0.1:PORT (token `iss` follows this host, hostname-strict=false). */
  baseUrl: string;
  /** Plain-HTTP URL, only with `http: true`. */
  httpUrl?: string;
  /** Management interface (health); HTTPS too, it inherits the main TLS config. */
  managementUrl: string;
  /** PEM of the self-signed server certificate; pass as `ca` to trust it. */
  caCertPem: string;
  pid: number;
  /** Server stdout+stderr so far. */
  log(): string;
  /** `request` bound to the CA, with relative URLs resolved against baseUrl. */
  request(method: string, url: string, opts?: Omit<RequestOptions, 'ca'>): Promise<HttpResponse>;
  /** Master-realm admin access token (password grant on admin-cli). */
  adminToken(): Promise<string>;
  /** GET /admin/realms/... with an admin token; throws on non-2xx. */
  adminGet<T = unknown>(adminPath: string): Promise<T>;
  /** client_credentials token for a confidential client in `realm`; throws on non-200. */
  clientToken(realm: string, clientId: string, clientSecret: string): Promise<string>;
  stop(): Promise<void>;
}

/** A free loopback port; another process may take it before Keycloak binds it (`startKeycloak` then starts again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Per-run Keycloak home: `data/` (H2 database, import dir) must live under the
 * home dir (kc.home.dir is derived from kc.sh's own location), and `lib/quarkus`
 * is rewritten by the automatic re-build. So copy the small, mutable parts and
 * symlink the big read-only ones; parallel runs then share nothing writable.
 */
function makeShadowHome(dist: string, home: string, builtQuarkus: string | undefined): void {
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(dist, 'bin', 'kc.sh'), path.join(home, 'bin', 'kc.sh'));
  fs.chmodSync(path.join(home, 'bin', 'kc.sh'), 0o755);
  fs.cpSync(path.join(dist, 'conf'), path.join(home, 'conf'), { recursive: true });
  fs.mkdirSync(path.join(home, 'providers'));
  fs.symlinkSync(path.join(dist, 'themes'), path.join(home, 'themes'));
  fs.mkdirSync(path.join(home, 'lib'));
  for (const entry of fs.readdirSync(path.join(dist, 'lib'))) {
    const src = path.join(dist, 'lib', entry);
    if (entry === 'lib') fs.symlinkSync(src, path.join(home, 'lib', entry)); // ~170 MB of jars
    else fs.cpSync(entry === 'quarkus' && builtQuarkus ? builtQuarkus : src, path.join(home, 'lib', entry), { recursive: true });
  }
}

/**
 * Quarkus re-augmentation for our build options takes ~30 s on 2 cores. Keep the
 * result per (distribution, options) next to the distribution and reuse it; if the
 * key is ever wrong Keycloak just detects the change and rebuilds, so this is safe.
 */
function buildCacheDir(dist: string, args: string[]): string {
  const key = createHash('sha256').update(JSON.stringify([dist, args])).digest('hex').slice(0, 16);
  return path.join(path.dirname(dist), '.builds', `${path.basename(dist)}-${key}`);
}

function saveBuild(home: string, cacheDir: string): void {
  if (fs.existsSync(cacheDir)) return;
  try {
    const staging = `${cacheDir}.tmp-${process.pid}-${Date.now()}`;
    fs.cpSync(path.join(home, 'lib', 'quarkus'), staging, { recursive: true });
    fs.renameSync(staging, cacheDir); // atomic; a concurrent winner makes this throw, which is fine
  } catch {
    /* best effort: e.g. read-only KEYCLOAK_HOME parent */
  }
}

function generateCert(dir: string, dnsNames: readonly string[] = []): { cert: string; key: string } {
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-subj', '/CN=localhost',
      '-addext', `subjectAltName=${['localhost', ...dnsNames].map((n) => `DNS:${n}`).join(',')},IP:127.0.0.1`,
      '-addext', 'extendedKeyUsage=serverAuth',
      '-keyout', key, '-out', cert,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { cert, key };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tail = (text: string, lines = 60) => text.split('\n').slice(-lines).join('\n');

/** Start-up attempts when a port was taken between `freePort()` and Keycloak's bind (after its ~20 s of bootstrap). */
const BIND_ATTEMPTS = 3;

/**
 * Starts Keycloak on free loopback ports. A port can be taken by another process (often as the source port of an
 * outgoing connection, from the same ephemeral range) in the seconds before Keycloak binds it: then Keycloak exits
 * with a bind error, and it is started again on new ports. Any other failure is thrown at once.
 */
export function startKeycloak(opts: StartOptions): Promise<RunningKeycloak> {
  return withBindRetries(() => startKeycloakOnce(opts));
}

/** Runs `start` again, up to `attempts` times in all, while it fails with a bind error; any other failure at once. */
export async function withBindRetries<T>(start: () => Promise<T>, attempts = BIND_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (e) {
      const bindError = /Port already bound|Address already in use/.test(String((e as Error)?.message));
      if (!bindError || attempt >= attempts) throw e;
    }
  }
}

async function startKeycloakOnce(opts: StartOptions): Promise<RunningKeycloak> {
  const dist = keycloakHome();
  const adminUser = opts.adminUser ?? 'admin';
  const adminPassword = opts.adminPassword ?? 'admin';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zt-keycloak-'));
  const home = path.join(tmp, 'home');
  const logFile = path.join(tmp, 'server.log');
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

  let child: ChildProcess | undefined;
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let stopped = false;
  const killGroup = (signal: NodeJS.Signals) => {
    // Detached => own process group (kc.sh + its java child); only that group is signalled.
    if (child?.pid !== undefined && exited === undefined) {
      try { process.kill(-child.pid, signal); } catch { /* already gone */ }
    }
  };
  // Last resort if a test run ends without stop(): never leave a JVM behind.
  const onExit = () => killGroup('SIGKILL');

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    killGroup('SIGTERM');
    for (let i = 0; i < 100 && child !== undefined && exited === undefined; i++) await sleep(100);
    killGroup('SIGKILL');
    for (let i = 0; i < 50 && child !== undefined && exited === undefined; i++) await sleep(100);
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  // Options without per-run values (ports, paths): these determine the Quarkus build.
  const staticArgs = [
    'start', // production mode, like the operator (start-dev differs in caching/defaults)
    '--import-realm',
    '--db=dev-file', // H2 under the per-run home
    '--cache=local', // default in prod is clustered Infinispan, which would probe the network
    '--health-enabled=true',
    ...(opts.args ?? []),
  ];
  const buildCache = buildCacheDir(dist, staticArgs);

  try {
    makeShadowHome(dist, home, fs.existsSync(buildCache) ? buildCache : undefined);
    const importDir = path.join(home, 'data', 'import');
    fs.mkdirSync(importDir, { recursive: true });
    for (const realm of opts.realms) {
      const name = (realm as { realm?: unknown }).realm;
      if (typeof name !== 'string' || name === '') throw new Error('every realm needs a "realm" name');
      // The directory importer only picks up files named *-realm.json.
      fs.writeFileSync(path.join(importDir, `${name.replace(/[^\w.-]/g, '_')}-realm.json`), JSON.stringify(realm));
    }
    const { cert, key } = generateCert(tmp, opts.certificateDnsNames);
    const caCertPem = fs.readFileSync(cert, 'utf8');
    const httpsPort = await freePort();
    const mgmtPort = await freePort();
    const httpPort = opts.http ? await freePort() : undefined;

    const args = [
      ...staticArgs,
      '--http-host=127.0.0.1', // prod default is 0.0.0.0; management inherits this host
      `--https-port=${httpsPort}`,
      `--https-certificate-file=${cert}`,
      `--https-certificate-key-file=${key}`,
      '--hostname-strict=false', // issuer follows the request URL
      ...(httpPort ? ['--http-enabled=true', `--http-port=${httpPort}`] : ['--http-enabled=false']),
      `--http-management-port=${mgmtPort}`,
    ];
    // Drop inherited Keycloak/Quarkus config so a developer's shell cannot change the server.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(KC_|KEYCLOAK_|QUARKUS_|JAVA_OPTS)/.test(k)),
    );
    Object.assign(env, {
      KC_BOOTSTRAP_ADMIN_USERNAME: adminUser,
      KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      JAVA_OPTS_KC_HEAP: '-Xms256m -Xmx1g',
      // C1 only: a test server is short-lived, and this trims start-up on 2 cores.
      JAVA_OPTS_APPEND: '-XX:TieredStopAtLevel=1',
      ...opts.env,
    });

    const logFd = fs.openSync(logFile, 'a');
    try {
      child = spawn(path.join(home, 'bin', 'kc.sh'), args, {
        cwd: tmp,
        env,
        detached: true,
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      fs.closeSync(logFd);
    }
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    child.on('error', () => { exited ??= { code: null, signal: null }; });
    child.unref();
    process.on('exit', onExit);

    const baseUrl = `https://127.0.0.1:${httpsPort}`;
    const managementUrl = `https://127.0.0.1:${mgmtPort}`;
    const deadline = Date.now() + (opts.startTimeoutMs ?? 180_000);
    for (;;) {
      if (exited !== undefined) {
        throw new Error(`Keycloak exited during start-up (${JSON.stringify(exited)}); last log lines:\n${tail(readLog())}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`Keycloak not ready after ${opts.startTimeoutMs ?? 180_000} ms; last log lines:\n${tail(readLog())}`);
      }
      const res = await request('GET', `${managementUrl}/health/ready`, { ca: caCertPem, timeoutMs: 5_000 }).catch(
        () => undefined,
      );
      if (res?.status === 200) break;
      await sleep(1_000);
    }

    saveBuild(home, buildCache);

    const req = (method: string, url: string, o: Omit<RequestOptions, 'ca'> = {}) =>
      request(method, new URL(url, baseUrl).toString(), { ...o, ca: caCertPem });
    const tokenFrom = async (realm: string, form: Record<string, string>): Promise<string> => {
      const res = await req('POST', `/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, { form });
      if (res.status !== 200) throw new Error(`token request in realm ${realm} failed: ${res.status} ${res.body}`);
      return (JSON.parse(res.body) as { access_token: string }).access_token;
    };
    const adminToken = () =>
      tokenFrom('master', { grant_type: 'password', client_id: 'admin-cli', username: adminUser, password: adminPassword });
    const adminGet = async <T = unknown>(adminPath: string): Promise<T> => {
      const p = adminPath.startsWith('/admin/') ? adminPath : `/admin/realms/${adminPath.replace(/^\//, '')}`;
      const res = await req('GET', p, { headers: { authorization: `Bearer ${await adminToken()}` } });
      if (res.status < 200 || res.status >= 300) throw new Error(`GET ${p}: ${res.status} ${res.body}`);
      return JSON.parse(res.body) as T;
    };

    const running: RunningKeycloak = {
      baseUrl,
      httpUrl: httpPort ? `http://127.0.0.1:${httpPort}` : undefined,
      managementUrl,
      caCertPem,
      pid: child.pid!,
      log: readLog,
      request: req,
      adminToken,
      adminGet,
      clientToken: (realm, clientId, clientSecret) =>
        tokenFrom(realm, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
      stop,
    };
    // Fail fast with the log if an import was silently skipped (names with placeholders are not checked).
    for (const realm of opts.realms) {
      const name = (realm as { realm: string }).realm;
      if (name.includes('${')) continue;
      await adminGet(name).catch((e: Error) => {
        throw new Error(`realm "${name}" was not imported: ${e.message}\n${tail(readLog())}`);
      });
    }
    return running;
  } catch (e) {
    await stop();
    throw e;
  }
}
