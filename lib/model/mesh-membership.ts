import { Protocol } from '../blueprint/protocol';
import { PortModel } from './model';

/** Linkerd proxies TCP only: a UDP or SCTP port is NetworkPolicy-only, whatever the workload. */
export function meshCovers(owner: { meshed: boolean }, port: PortModel): boolean {
  return owner.meshed && port.protocol === Protocol.TCP;
}

/**
 * Whether a call from `caller` to `ports` of `target` also needs the target proxy's inbound port 4143:
 * Linkerd retargets the connection there when both workloads are meshed and the call is TCP. A
 * property of each (caller, target) pair, never of the caller's zone.
 */
export function needsProxyInbound(caller: { meshed: boolean }, target: { meshed: boolean }, ports: readonly PortModel[]): boolean {
  return caller.meshed && proxiesInbound(target, ports);
}

/**
 * The target's half of `needsProxyInbound`: its proxy takes a call to `ports` (a meshed caller's
 * call then needs 4143). Lets a reader decide for a whole set of callers at once.
 */
export function proxiesInbound(target: { meshed: boolean }, ports: readonly PortModel[]): boolean {
  return ports.some((p) => meshCovers(target, p));
}
