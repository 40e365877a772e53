import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DEFAULT_KEYCLOAK_SCHEMAS, KeycloakSchemaVersion, schemasDir } from './tools';

/** Schema folders of the edge's API groups (Gateway API, Envoy Gateway), checked before any other. */
const EDGE_SCHEMA_DIRS: Record<string, string> = {
  'gateway.networking.k8s.io': 'gateway-api-1.6.1',
  'gateway.envoyproxy.io': 'envoy-gateway-1.9.1',
};

/**
 * Go (RE2) patterns in CRD schemas may start with `(?i)` (PrometheusRule's `partial_response_strategy`),
 * which JavaScript has no inline form for: turn it into the `i` flag (shared/schemas/README.md).
 */
const goRegExp = Object.assign((pattern: string, flags: string): RegExp => {
  const m = /^(\^?)\(\?i\)/.exec(pattern);
  return m ? new RegExp(m[1] + pattern.slice(m[0].length), `${flags}i`) : new RegExp(pattern, flags);
}, { code: 'new RegExp' });

/**
 * Validates manifests against the shared Kubernetes 1.27 and CRD JSON schemas (Keycloak Operator 26.8.0 by
 * default, or 26.7.2) with ajv, as the shared
 * schemas' README describes: unknown fields are errors (the schemas close every object).
 */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly opts: { linkerd220?: boolean; keycloak?: KeycloakSchemaVersion } = {}) {
    this.ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
    addFormats(this.ajv);
    // Kubernetes durations are Go durations ("10s", "1h30m"); ajv-formats only knows ISO-8601.
    this.ajv.addFormat('duration', /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^0$|^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/);
  }

  /** The schema file for a manifest's apiVersion and kind (first match wins, Linkerd 2.20 first if asked). */
  public schemaFile(apiVersion: string, kind: string): string {
    const dir = schemasDir();
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const lower = kind.toLowerCase();
    const candidates = [
      ...(EDGE_SCHEMA_DIRS[group] ? [join(dir, 'crd-jsonschema', EDGE_SCHEMA_DIRS[group], `${lower}_${version}.json`)] : []),
      ...(this.opts.linkerd220 ? [join(dir, 'crd-jsonschema', 'linkerd-version-2.20', `${lower}_${version}.json`)] : []),
      join(dir, 'crd-jsonschema', `keycloak-${this.opts.keycloak ?? DEFAULT_KEYCLOAK_SCHEMAS}`, `${lower}_${version}.json`),
      join(dir, 'k8s-1.27', 'v1.27.5-standalone-strict', group ? `${lower}-${group.split('.')[0]}-${version}.json` : `${lower}-${version}.json`),
      join(dir, 'crd-jsonschema', `${lower}_${version}.json`),
      join(dir, 'crd-jsonschema', 'prometheus-operator-0.85.0', `${lower}_${version}.json`),
    ];
    const found = candidates.find((f) => existsSync(f));
    if (!found) {
      throw new Error(`no schema for ${apiVersion} ${kind} in ${dir} (looked for ${candidates.join(', ')})`);
    }
    return found;
  }

  /** Error strings for one manifest (empty when valid). */
  public validate(manifest: any): string[] {
    const file = this.schemaFile(manifest.apiVersion, manifest.kind);
    let validate = this.cache.get(file);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
      this.cache.set(file, validate);
    }
    if (validate(manifest)) {
      return [];
    }
    const id = `${manifest.kind} ${manifest.metadata?.namespace ?? ''}/${manifest.metadata?.name}`;
    return (validate.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** Error strings for many manifests. */
  public validateAll(manifests: any[]): string[] {
    return manifests.flatMap((m) => this.validate(m));
  }
}
