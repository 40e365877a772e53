import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { RuleAcknowledgment, checkAcknowledgments } from './acknowledgment';
import { ANY_NAMESPACE_PEER } from './any-namespace-peer';
import { DEFAULT_DENY_EGRESS } from './default-deny-egress';
import { DEFAULT_DENY_INGRESS } from './default-deny-ingress';
import { HOST_NETWORK } from './host-network';
import { LINKERD_REFS } from './linkerd-refs';
import { LITERAL_SECRETS } from './literal-secrets';
import { resourceId } from './manifest-objects';
import { MESH_PROXY_PORT } from './mesh-proxy-port';
import { PUBLIC_CLIENT_GRANTS } from './public-client-grants';
import { PUBLIC_CLIENT_PKCE } from './public-client-pkce';
import { Rule, RuleInfo, RuleSeverity } from './rule';

/** The rules of the pack, in ID order. */
const RULES: readonly Rule[] = [
  DEFAULT_DENY_INGRESS, DEFAULT_DENY_EGRESS, ANY_NAMESPACE_PEER, MESH_PROXY_PORT, LINKERD_REFS,
  LITERAL_SECRETS, PUBLIC_CLIENT_PKCE, PUBLIC_CLIENT_GRANTS, HOST_NETWORK,
];

/** One rule's finding on one object. */
export interface RuleFinding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: RuleSeverity;
  /** The object: `Kind/namespace/name` (`Kind/name` when cluster-scoped), as acknowledgments name it. */
  readonly resource: string;
  /** The object's `metadata.name` (cdk8s maps it to the construct path). */
  readonly objectName: string;
  /** Where in the object (`spec.ingress[0].from[1]`), empty for the whole object. */
  readonly path: string;
  readonly message: string;
  /** The manifest file holding the object. @default - the objects were not read from a file */
  readonly manifestPath?: string;
}

/** A finding accepted by an acknowledgment. */
export interface AcknowledgedFinding {
  readonly finding: RuleFinding;
  readonly reason: string;
}

export interface RulePackOptions {
  /** Findings to accept, each for one rule, one object and a reason. @default - none */
  readonly acknowledgments?: RuleAcknowledgment[];
}

/** What the pack found. */
export interface RulePackResult {
  /** Findings no acknowledgment accepts, by rule ID, resource and path. */
  readonly findings: RuleFinding[];
  readonly acknowledged: AcknowledgedFinding[];
  /** Acknowledgments that matched no finding (stale: the object was fixed or renamed). */
  readonly unusedAcknowledgments: RuleAcknowledgment[];
  /** No unacknowledged finding of severity `error`. */
  readonly passed: boolean;
}

/** Manifest objects and the file they were read from. */
export interface ManifestSource {
  readonly manifestPath?: string;
  readonly objects: readonly any[];
}

/**
 * The library's zero-trust rules, for any Kubernetes manifests (the blueprint's output, hand-written
 * YAML, a Helm chart's rendering): default-deny in both directions, no any-namespace peers, the proxy
 * port between meshed pods, Linkerd references that resolve, no literal secrets, hardened public
 * Keycloak clients, no host-network pods. Each rule has a stable ID; a finding is accepted only by an
 * acknowledgment with a reason.
 */
export class ZeroTrustRulePack {
  /** The rules, in ID order. */
  public static get rules(): RuleInfo[] {
    return RULES.map(({ id, name, severity, description, fix }) => ({ id, name, severity, description, fix }));
  }

  /** Checks manifest objects (as `Testing.synth` or a YAML parser returns them). */
  public static check(manifests: any[], options: RulePackOptions = {}): RulePackResult {
    return checkSources([{ objects: manifests }], options);
  }

  /** Checks multi-document YAML files (`dist/*.k8s.yaml`); findings carry their file. */
  public static checkFiles(paths: string[], options: RulePackOptions = {}): RulePackResult {
    return checkSources(paths.map((manifestPath) => ({ manifestPath, objects: readManifest(manifestPath) })), options);
  }
}

/** Runs every rule over all objects of all sources (refs may cross files) and applies the acknowledgments. */
export function checkSources(sources: readonly ManifestSource[], options: RulePackOptions): RulePackResult {
  const acknowledgments = checkAcknowledgments(options.acknowledgments ?? [], new Set(RULES.map((r) => r.id)));
  const fileOf = new Map<any, string | undefined>();
  sources.forEach((s) => s.objects.forEach((o) => fileOf.set(o, s.manifestPath)));
  const objects = sources.flatMap((s) => s.objects).filter((o) => o !== null && typeof o === 'object');
  const all: RuleFinding[] = RULES.flatMap((rule) => rule.check(objects).map((v) => ({
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    resource: resourceId(v.object),
    objectName: v.object?.metadata?.name ?? '',
    path: v.path,
    message: v.message,
    manifestPath: fileOf.get(v.object),
  })));
  const reasons = new Map(acknowledgments.map((a) => [`${a.ruleId} ${a.resource}`, a]));
  const used = new Set<RuleAcknowledgment>();
  const findings: RuleFinding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  for (const finding of all) {
    const ack = reasons.get(`${finding.ruleId} ${finding.resource}`);
    if (ack) {
      used.add(ack);
      acknowledged.push({ finding, reason: ack.reason });
    } else {
      findings.push(finding);
    }
  }
  return {
    findings,
    acknowledged,
    unusedAcknowledgments: acknowledgments.filter((a) => !used.has(a)),
    passed: !findings.some((f) => f.severity === RuleSeverity.ERROR),
  };
}

/** The objects of a multi-document YAML file (empty documents dropped). */
export function readManifest(path: string): any[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}
