import { ServiceExplanation } from './explain-report';
import { roleNames } from './service-account-roles';

/** The layer that admits a connection. */
export type Layer = 'NetworkPolicy' | 'Linkerd' | 'edge';

/** One admitted connection: who may open it to what, on which port (or request), at which layer. */
export interface Connection {
  readonly caller: string;
  readonly target: string;
  /** `TCP/8080` for the NetworkPolicy layer, `8080` (with routes) for Linkerd, `GET /api*` at the edge. */
  readonly port: string;
  readonly layer: Layer;
  /** Linkerd: the HTTPRoutes that admit the caller (empty: the whole port); edge: the token claims required. */
  readonly detail: string[];
}

/** A service and the ServiceAccount that is its mesh identity. */
export interface Identity {
  readonly service: string;
  readonly serviceAccount: string;
}

/** A role a service-account client can obtain (directly or through composites). */
export interface ClientRole {
  readonly client: string;
  readonly role: string;
  readonly direct: boolean;
}

/** What a review compares: connections, identities and roles of a rendered platform. */
export interface PlatformFacts {
  readonly connections: Connection[];
  readonly identities: Identity[];
  readonly roles: ClientRole[];
}

/** Flattens explanations into single facts (one connection per port), sorted and without duplicates. */
export function platformFacts(explanations: readonly ServiceExplanation[]): PlatformFacts {
  const connections: Connection[] = [];
  const identities: Identity[] = [];
  const roles: ClientRole[] = [];
  for (const e of explanations) {
    for (const n of e.reachedBy.networkPolicy) {
      portsOf(n.ports).forEach((port) => connections.push({ caller: n.service, target: e.service, port, layer: 'NetworkPolicy', detail: [] }));
    }
    for (const a of e.reachedBy.addresses) {
      portsOf(a.ports).forEach((port) => connections.push({ caller: cidr(a), target: e.service, port, layer: 'NetworkPolicy', detail: [] }));
    }
    for (const a of e.blastRadius.addresses) {
      portsOf(a.ports).forEach((port) => connections.push({ caller: e.service, target: cidr(a), port, layer: 'NetworkPolicy', detail: [] }));
    }
    for (const m of e.reachedBy.linkerd) {
      connections.push({ caller: m.service, target: e.service, port: `${m.port}${m.portName ? ` (${m.portName})` : ''}`, layer: 'Linkerd', detail: m.routes });
    }
    for (const r of e.reachedBy.edge) {
      const request = `${r.methods.length > 0 ? r.methods.join(',') : '*'} ${r.path}${r.pathMatch === 'Exact' ? '' : '*'}`;
      connections.push({ caller: 'end user', target: e.service, port: request, layer: 'edge', detail: r.public ? ['public'] : r.requires });
    }
    if (e.workload && e.serviceAccount) {
      identities.push({ service: e.service, serviceAccount: `${e.namespace}/${e.serviceAccount}` });
    }
    const kc = e.blastRadius.keycloak;
    if (kc) {
      const direct = new Set(roleNames(kc.direct));
      roleNames(kc.effective).forEach((role) => roles.push({ client: kc.clientId, role, direct: direct.has(role) }));
    }
  }
  return { connections: unique(connections, connectionKey), identities: unique(identities, (i) => `${i.service} ${i.serviceAccount}`), roles: unique(roles, roleKey) };
}

export const connectionKey = (c: Connection) => `${c.caller} -> ${c.target} ${c.port} ${c.layer}${c.detail.length > 0 ? ` [${c.detail.join(', ')}]` : ''}`;
export const identityKey = (i: Identity) => `${i.service} runs as ${i.serviceAccount}`;
export const roleKey = (r: ClientRole) => `client ${r.client}: ${r.role}${r.direct ? '' : ' (composite)'}`;

/** `TCP 4143,8080;UDP 53-54` as `TCP/4143`, `TCP/8080`, `UDP/53-54` (ranges stay ranges). */
function portsOf(summary: string): string[] {
  return summary.split(';').filter((s) => s.trim() !== '').flatMap((part) => {
    const [protocol, list] = part.trim().split(' ');
    return (list ?? '').split(',').map((p) => `${protocol}/${p}`);
  });
}

function cidr(a: { cidr: string; except: string[] }): string {
  return a.except.length > 0 ? `${a.cidr} except ${a.except.join(',')}` : a.cidr;
}

function unique<T>(list: T[], key: (t: T) => string): T[] {
  const map = new Map(list.map((t) => [key(t), t]));
  return [...map.keys()].sort().map((k) => map.get(k)!);
}
