import { meshPods, serverSelects } from '../analysis/mesh-workloads';
import { apiGroup, namespaceOf, objectsOf } from './manifest-objects';
import { Rule, RuleSeverity, RuleViolation } from './rule';

const POLICY = 'policy.linkerd.io';
const GATEWAY = 'gateway.networking.k8s.io';
/** The targets Linkerd accepts for an AuthorizationPolicy, by `group/kind`. */
const POLICY_TARGETS = new Set([`${POLICY}/Server`, `${POLICY}/HTTPRoute`, `${GATEWAY}/HTTPRoute`, `${GATEWAY}/GRPCRoute`, '/Namespace', 'core/Namespace']);

/**
 * A Linkerd reference to a missing object does not fail: Linkerd ignores an AuthorizationPolicy whose
 * target or authentication is missing, so a typo silently denies (or, in audit mode, silently allows).
 */
export const LINKERD_REFS: Rule = {
  id: 'ZT-RULE-005',
  name: 'linkerd-refs-resolve',
  severity: RuleSeverity.ERROR,
  description: 'Every Linkerd reference resolves within the output: each Server selects a pod with its port, each AuthorizationPolicy targets an existing Server, route or its own namespace, its required authentications (and their ServiceAccounts) exist, and each route\'s parent Server exists.',
  fix: 'Correct the name, namespace or kind of the reference, or add the missing object (a Server\'s `podSelector` and `port` must match a workload\'s pod labels and container port).',
  check(objects: readonly any[]): RuleViolation[] {
    const names = new Set(objects.map((o) => `${apiGroup(o)}/${o?.kind}/${namespaceOf(o)}/${o?.metadata?.name}`));
    const has = (group: string, kind: string, namespace: string, name: string) => names.has(`${group}/${kind}/${namespace}/${name}`);
    const namespacesWithObjects = new Set(objects.filter((o) => o?.metadata?.namespace !== undefined).map(namespaceOf));
    // A ServiceAccount of a namespace the output does not populate (linkerd-viz, an ingress controller) is someone else's.
    const serviceAccountMissing = (namespace: string, name: string) => name !== 'default' && namespacesWithObjects.has(namespace) && !has('', 'ServiceAccount', namespace, name);
    const pods = meshPods(objects, 'linkerd');
    const out: RuleViolation[] = [];

    for (const server of objectsOf(objects, 'Server', POLICY)) {
      const port = server.spec?.port;
      if (server.spec?.podSelector === undefined || isGeneric(server.spec.podSelector)) {
        // An externalWorkloadSelector (external workloads are not in the manifests), or a selector of a
        // kind of pod rather than of a workload (every meshed pod: `linkerd viz allow-scrapes`).
        continue;
      }
      const portNumbers = typeof port === 'number' ? [port] : pods.flatMap((p) => [...p.ports].filter(([, n]) => n === port).map(([number]) => number));
      if (!pods.some((p) => portNumbers.some((number) => serverSelects(server, p, number)))) {
        out.push({ object: server, path: 'spec', message: `Server ${namespaceOf(server)}/${server.metadata?.name} selects no pod with port ${JSON.stringify(port)} in the output` });
      }
    }

    for (const policy of objectsOf(objects, 'AuthorizationPolicy', POLICY)) {
      const ns = namespaceOf(policy);
      const target = policy.spec?.targetRef ?? {};
      const group = target.group ?? (target.kind === 'Namespace' ? '' : POLICY);
      if (!POLICY_TARGETS.has(`${group}/${target.kind}`)) {
        out.push({ object: policy, path: 'spec.targetRef', message: `targetRef ${group}/${target.kind} is not a kind Linkerd authorizes (Server, HTTPRoute, GRPCRoute or Namespace)` });
      } else if (target.kind === 'Namespace' ? target.name !== ns : !has(group === 'core' ? '' : group, target.kind, ns, target.name)) {
        out.push({ object: policy, path: 'spec.targetRef', message: `targetRef ${target.kind} "${target.name}" does not exist in namespace "${ns}"${target.kind === 'Namespace' ? ' (a policy can target only its own namespace)' : ''}` });
      }
      (policy.spec?.requiredAuthenticationRefs ?? []).forEach((ref: any, i: number) => {
        const refNs = ref.namespace ?? ns;
        const missing = ref.kind === 'ServiceAccount' ? serviceAccountMissing(refNs, ref.name) : !has(POLICY, ref.kind, refNs, ref.name);
        if (missing) {
          out.push({ object: policy, path: `spec.requiredAuthenticationRefs[${i}]`, message: `${ref.kind} ${refNs}/${ref.name} does not exist in the output, so Linkerd ignores the policy` });
        }
      });
    }

    for (const authn of objectsOf(objects, 'MeshTLSAuthentication', POLICY)) {
      (authn.spec?.identityRefs ?? []).forEach((ref: any, i: number) => {
        const refNs = ref.namespace ?? namespaceOf(authn);
        if (ref.kind === 'ServiceAccount' && ref.name !== undefined && serviceAccountMissing(refNs, ref.name)) {
          out.push({ object: authn, path: `spec.identityRefs[${i}]`, message: `ServiceAccount ${refNs}/${ref.name} does not exist in the output, so no workload has this identity` });
        }
      });
    }

    for (const route of [...objectsOf(objects, 'HTTPRoute', POLICY), ...objectsOf(objects, 'HTTPRoute', GATEWAY)]) {
      (route.spec?.parentRefs ?? []).forEach((parent: any, i: number) => {
        if (parent.kind === 'Server' && (parent.group ?? POLICY) === POLICY && !has(POLICY, 'Server', parent.namespace ?? namespaceOf(route), parent.name)) {
          out.push({ object: route, path: `spec.parentRefs[${i}]`, message: `parent Server ${parent.namespace ?? namespaceOf(route)}/${parent.name} does not exist, so the route serves nothing` });
        }
      });
    }
    return out;
  },
};

/** A selector by label presence only (no values), which names a kind of pod, not a workload. */
function isGeneric(selector: any): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0
    && (selector.matchExpressions ?? []).every((e: any) => e.operator === 'Exists' || e.operator === 'DoesNotExist');
}
