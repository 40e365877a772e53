// A minimal Kubernetes REST client for the test API server: HTTPS with the server's own CA, a bearer
// token, and API discovery to find a kind's resource name and scope. Node built-ins only.
import { request } from 'https';

export interface KubeResponse {
  readonly status: number;
  readonly body: any;
  /** The `Warning` headers (deprecated API versions, unknown fields, Pod Security). */
  readonly warnings: string[];
}

export interface ApiResource {
  /** Plural resource name, e.g. `networkpolicies`. */
  readonly name: string;
  readonly namespaced: boolean;
}

export class KubeClient {
  private readonly discovery = new Map<string, Map<string, ApiResource>>();

  constructor(private readonly baseUrl: string, private readonly token: string, private readonly ca: string) {}

  /** Whether `/readyz` answers 200 (every post-start hook done, CRD and RBAC bootstrap included). */
  public async ready(): Promise<boolean> {
    return (await this.request('GET', '/readyz')).status === 200;
  }

  public request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(`${this.baseUrl}${path}`, {
        method,
        ca: this.ca,
        headers: {
          'Authorization': `Bearer ${this.token}`,
          'Accept': 'application/json',
          ...(payload === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = JSON.parse(text); } catch { /* plain text (healthz) */ }
          // rawHeaders: Node joins repeated headers with ", ", which a warning's text may contain.
          const warnings = res.rawHeaders.filter((_, i) => i % 2 === 1 && res.rawHeaders[i - 1].toLowerCase() === 'warning').map(decodeWarning);
          resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
        });
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Resource name and scope of a kind, from API discovery (read again once when the kind is unknown). */
  public async resourceFor(apiVersion: string, kind: string): Promise<ApiResource> {
    for (const fresh of [false, true]) {
      if (fresh || !this.discovery.has(apiVersion)) {
        const res = await this.request('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
        const map = new Map<string, ApiResource>();
        for (const r of res.status === 200 ? res.body.resources : []) {
          if (!r.name.includes('/')) map.set(r.kind, { name: r.name, namespaced: r.namespaced });
        }
        this.discovery.set(apiVersion, map);
      }
      const found = this.discovery.get(apiVersion)!.get(kind);
      if (found) return found;
    }
    throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
  }

  /** REST path of one object (its collection when `name` is omitted). */
  public async pathOf(apiVersion: string, kind: string, namespace: string | undefined, name?: string): Promise<string> {
    const resource = await this.resourceFor(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
    return `${base}${ns}/${resource.name}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }
}

/** `299 - "text"` (RFC 7234 warn-code, agent, quoted text) to the text. */
function decodeWarning(header: string): string {
  const m = /^\d{3} \S+ "(.*)"$/.exec(header);
  return m ? m[1].replace(/\\(.)/g, '$1') : header;
}
