import { HttpMethod, HttpRouteApi, MeshPolicyMode, PathMatchType } from '../blueprint/mesh';
import { PortModel, ServiceModel, ZoneModel } from './model';

/** Linkerd authorization policy derived from the blueprint: who may call which meshed port and route. */
export interface MeshModel {
  readonly accessLogs: boolean;
  /** Where kubelet probes come from (a NetworkAuthentication named `kubelet` per namespace). */
  readonly kubeletCidrs: readonly string[];
  readonly httpRouteApi: HttpRouteApi;
  /** Zones with meshed pods, in declaration order. */
  readonly zones: readonly MeshZoneModel[];
  /** Meshed services, in declaration order. */
  readonly services: readonly MeshServiceModel[];
}

export interface MeshZoneModel {
  readonly zone: ZoneModel;
  /** The zone's roll-out mode (its own `meshMode`, else the blueprint's). */
  readonly mode: MeshPolicyMode;
  /** Callers admitted to `/metrics` on every proxy's admin port: the metrics scrapers. */
  readonly scrapers: AdmittedCallers;
  /** Some meshed service of the zone has a probe route (it needs the zone's `kubelet` NetworkAuthentication). */
  readonly probeRoutes: boolean;
  /** Caller groups the zone's Servers admit: their MeshTLSAuthentications live once in the zone's namespace; sorted by name. */
  readonly callerGroups: readonly CallerGroupModel[];
}

/** One meshed service and what its proxy authorizes, port by port. */
export interface MeshServiceModel {
  readonly service: ServiceModel;
  readonly mode: MeshPolicyMode;
  readonly ports: readonly MeshPortModel[];
}

/** A meshed workload's identity: its ServiceAccount. Blueprint services and outside workloads have one. */
export interface MeshIdentityModel {
  /** For messages: the service's name, or `<namespace>-<serviceAccount>` of an outside workload. */
  readonly name: string;
  readonly serviceAccountName: string;
  readonly namespace: string;
}

/** Callers of a port or route: meshed ones by identity, unmeshed ones by address. */
export interface AdmittedCallers {
  /** Meshed workloads, admitted by their ServiceAccount (mTLS identity); sorted by namespace and name. */
  readonly identities: readonly MeshIdentityModel[];
  /**
   * Meshed callers admitted through a zone or role flow or a route's `allowRoles`, as groups shared by every target of the namespace;
   * their identities are not repeated in `identities`. Sorted by name.
   */
  readonly groups: readonly CallerGroupModel[];
  /** Unmeshed callers, admitted by source address; sorted by name. */
  readonly networks: readonly NetworkCallerModel[];
}

/**
 * The meshed services of a caller group (a zone but `except`, the holders of a role) that a zone or role
 * flow, or a route's `allowRoles`, admits, for the targets of one namespace. The group holds a target
 * that belongs to it: its own replicas then reach each other, as the grouped peer of its NetworkPolicy
 * lets them.
 */
export interface CallerGroupModel {
  /** The group's name (lib/model/mesh-names.ts): `zone-<zone>-callers`, `role-<role>-callers`, with `-except-<hash>`. */
  readonly name: string;
  /** The namespace of the targets (where its MeshTLSAuthentications are). */
  readonly namespace: string;
  /** For messages: `the callers of zone "app"`, `the holders of role "viewer"`. */
  readonly description: string;
  /** Sorted names of the services left out. */
  readonly except: readonly string[];
  /** The group's identities in chunks of at most `CALLER_CHUNK_SIZE`: one MeshTLSAuthentication each. */
  readonly chunks: readonly CallerChunkModel[];
}

/** One MeshTLSAuthentication of a caller group. */
export interface CallerChunkModel {
  /** The group's name when it has one chunk, else `<group>-<n>` (from 1). */
  readonly name: string;
  /** Sorted by namespace and name. */
  readonly identities: readonly MeshIdentityModel[];
}

/**
 * An unmeshed caller: the internet, an admin network, a service that is not meshed and declared
 * `callerCidrs`, or an unmeshed outside workload with `cidrs`.
 */
export interface NetworkCallerModel {
  /** `internet`, the admin network's name, the calling service's name or the outside workload's name. */
  readonly name: string;
  readonly cidrs: readonly string[];
  /** The calling service, when the caller is a blueprint service. */
  readonly service?: ServiceModel;
}

/** A port of a meshed service: one Linkerd Server. */
export interface MeshPortModel {
  readonly port: PortModel;
  /** Name of the Server and of the objects that authorize the whole port. */
  readonly name: string;
  /** Linkerd `proxyProtocol` of the Server. */
  readonly proxyProtocol: string;
  /**
   * Callers authorized on the whole port (its Server): those the blueprint allows on it (flows and
   * metrics scraping). None on a port with routes: each route authorizes its own callers, and the model
   * checks that together they are exactly the port's.
   */
  readonly callers: AdmittedCallers;
  readonly routes: readonly HttpRouteModel[];
  /**
   * Probe paths the kubelet must reach on this port. Set only when the port has routes: Linkerd then
   * stops authorizing probes by default.
   */
  readonly probePaths: readonly string[];
}

export interface HttpRouteModel {
  /** The route's name in the blueprint. */
  readonly routeName: string;
  /** Name of the HTTPRoute and of the objects that authorize it. */
  readonly name: string;
  readonly pathMatch: PathMatchType;
  readonly path: string;
  /** Sorted; empty means every method. */
  readonly methods: readonly HttpMethod[];
  readonly callers: AdmittedCallers;
  /** JSON path of the route in the blueprint, for messages. */
  readonly jsonPath: string;
}

/** The HTTP probes of a service. */
export interface ProbesModel {
  readonly port: PortModel;
  readonly liveness?: string;
  readonly readiness?: string;
  readonly startup?: string;
  /** The distinct paths, sorted. */
  readonly paths: readonly string[];
}
