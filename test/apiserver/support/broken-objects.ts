// Deliberately broken copies of synthesized objects, each with the message the API server must refuse it
// with. They prove the server validates what the apply suite relies on: if it accepted these, the
// suite's "zero rejections" would mean nothing.
import { allCrds } from './cluster';

export interface BrokenObject {
  /** What is wrong, for the test name. */
  readonly what: string;
  readonly object: any;
  /** The refusal must match this. */
  readonly expect: RegExp;
}

const copy = <T>(o: T): T => JSON.parse(JSON.stringify(o));

function first(manifests: readonly any[], kind: string, pred: (m: any) => boolean = () => true): any {
  const found = manifests.find((m) => m.kind === kind && pred(m));
  if (!found) throw new Error(`the output has no ${kind} to break`);
  return copy(found);
}

/** NetworkPolicy, Service, Deployment, Namespace and label syntax: checks kube-apiserver's own validation makes. */
export function brokenBuiltIns(manifests: readonly any[]): BrokenObject[] {
  const out: BrokenObject[] = [];
  const np = first(manifests, 'NetworkPolicy', (m) => m.spec.ingress?.some((r: any) => r.ports?.length));
  np.spec.ingress.find((r: any) => r.ports?.length).ports[0].port = 70000;
  out.push({ what: 'a NetworkPolicy port 70000', object: np, expect: /must be between 1 and 65535/ });

  const cidr = first(manifests, 'NetworkPolicy');
  cidr.spec.ingress = [...(cidr.spec.ingress ?? []), { from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }];
  out.push({ what: 'a NetworkPolicy ipBlock 10.0.0.0/33', object: cidr, expect: /ipBlock\.cidr/ });

  const except = first(manifests, 'NetworkPolicy');
  except.spec.ingress = [...(except.spec.ingress ?? []), { from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] } }] }];
  out.push({ what: 'a NetworkPolicy ipBlock except outside its cidr', object: except, expect: /must be a strict subset of `cidr`/ });

  const svc = first(manifests, 'Service');
  svc.spec.ports = [...svc.spec.ports, { ...svc.spec.ports[0], name: 'again' }];
  out.push({ what: 'a Service port declared twice', object: svc, expect: /duplicate entries for key \[port=/ });

  const svcZero = first(manifests, 'Service');
  svcZero.spec.ports[0].port = 0;
  out.push({ what: 'a Service port 0', object: svcZero, expect: /must be between 1 and 65535/ });

  const deploy = first(manifests, 'Deployment');
  deploy.spec.template.metadata.labels = { ...deploy.spec.template.metadata.labels, ...mismatch(deploy.spec.selector.matchLabels) };
  out.push({ what: 'a Deployment whose selector does not match its pod labels', object: deploy, expect: /selector.*does not match template .?labels/ });

  const label = first(manifests, 'ServiceAccount');
  label.metadata.labels = { ...label.metadata.labels, 'app.kubernetes.io/name': 'not a label!' };
  out.push({ what: 'a label value with spaces', object: label, expect: /a valid label must be/ });

  const ns = first(manifests, 'Namespace');
  ns.metadata.name = 'Not_A_Namespace';
  ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': 'Not_A_Namespace' };
  out.push({ what: 'a Namespace name with capitals', object: ns, expect: /RFC 1123/ });
  return out;
}

/** Changes every selector label's value, so the pod labels no longer match. */
function mismatch(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, `${v}-other`]));
}

/**
 * For every custom resource kind in the output: an unknown field (strict field validation), a required
 * field removed and a wrong type, both read from the installed CRD's schema, and the CRDs' CEL rules that
 * the output's objects could break.
 */
export function brokenCustomResources(manifests: readonly any[]): BrokenObject[] {
  const crds = allCrds();
  const out: BrokenObject[] = [];
  const seen = new Set<string>();
  for (const m of manifests) {
    const key = `${m.apiVersion} ${m.kind}`;
    const [group, version] = m.apiVersion.split('/');
    const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === m.kind);
    if (!crd || seen.has(key)) continue;
    seen.add(key);
    const spec = crd.spec.versions.find((v: any) => v.name === version)?.schema?.openAPIV3Schema?.properties?.spec;
    if (!spec) throw new Error(`the ${crd.metadata.name} CRD serves no schema for ${version}`);

    const unknown = copy(m);
    unknown.spec.notAField = true;
    out.push({ what: `${m.kind}: unknown field spec.notAField`, object: unknown, expect: /notAField/ });

    const required = (spec.required ?? []).find((f: string) => f in m.spec);
    if (required) {
      const missing = copy(m);
      delete missing.spec[required];
      // An object whose only field was the required one goes out as `spec: null`: refused as not an object.
      const expect = Object.keys(missing.spec).length > 0 ? new RegExp(`spec\\.${required}: Required value`) : /spec in body must be of type object/;
      out.push({ what: `${m.kind}: required spec.${required} missing`, object: missing, expect });
    }

    const stringField = Object.keys(m.spec).find((f) => spec.properties?.[f]?.type === 'string' && !spec.properties[f]['x-kubernetes-int-or-string']);
    const objectField = Object.keys(m.spec).find((f) => spec.properties?.[f]?.type === 'object');
    const wrong = copy(m);
    if (stringField) {
      wrong.spec[stringField] = { not: 'a string' };
      out.push({ what: `${m.kind}: spec.${stringField} an object instead of a string`, object: wrong, expect: new RegExp(`\\.spec\\.${stringField}: expected string`) });
    } else if (objectField) {
      wrong.spec[objectField] = 'not an object';
      out.push({ what: `${m.kind}: spec.${objectField} a string instead of an object`, object: wrong, expect: new RegExp(`\\.spec\\.${objectField}: expected map`) });
    }

    const enumField = Object.keys(m.spec).find((f) => Array.isArray(spec.properties?.[f]?.enum));
    if (enumField) {
      const unsupported = copy(m);
      unsupported.spec[enumField] = 'NotOneOfThem';
      out.push({ what: `${m.kind}: spec.${enumField} not one of its values`, object: unsupported, expect: new RegExp(`spec\\.${enumField}: Unsupported value: "NotOneOfThem"`) });
    }
  }
  out.push(...celRuleBreaks(manifests));
  return out;
}

/** Objects that break a CRD's `x-kubernetes-validations` (CEL) rule: only a real API server evaluates these. */
function celRuleBreaks(manifests: readonly any[]): BrokenObject[] {
  const out: BrokenObject[] = [];
  const keycloak = manifests.find((m) => m.kind === 'Keycloak');
  if (keycloak) {
    const explicit = copy(keycloak);
    explicit.spec.update = { strategy: 'Explicit' };
    out.push({ what: 'Keycloak: update.strategy Explicit without a revision (CEL rule)', object: explicit, expect: /The 'revision' field is required/ });
    const strategy = copy(keycloak);
    strategy.spec.update = { strategy: 'Sometimes' };
    out.push({ what: 'Keycloak: update.strategy not one of its values', object: strategy, expect: /spec\.update\.strategy: Unsupported value: "Sometimes"/ });
  }
  const bundle = manifests.find((m) => m.kind === 'Bundle');
  if (bundle) {
    const twoSources = copy(bundle);
    twoSources.spec.sources[0] = { ...twoSources.spec.sources[0], inLine: 'not a certificate' };
    out.push({ what: 'Bundle: a source with two kinds of source (CEL rule)', object: twoSources, expect: /exactly one of the fields in \[configMap secret inLine useDefaultCAs\] must be set/ });
  }
  return out;
}
