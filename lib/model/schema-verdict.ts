import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { BlueprintIssue, IssueCollector } from './errors';
import { checkSchema } from './schema';

/** What the semantic checks may still look at after the schema check. */
export interface SchemaVerdict {
  /** The blueprint without the sections the schema check rejected; undefined when nothing can be checked. */
  readonly props?: ZeroTrustBlueprintProps;
  /** Indexes of `zones` entries the schema check rejected: left out of every other check. */
  readonly zoneIndexes: ReadonlySet<number>;
  /** Indexes of `services` entries the schema check rejected: left out of every other check. */
  readonly serviceIndexes: ReadonlySet<number>;
}

/** Sections that can be left out (their defaults apply) while the rest of the blueprint is checked. */
const DROPPABLE = new Set(['mesh', 'pki', 'keycloak', 'linkerd', 'dns', 'alerting', 'edge']);
/** Sections every other check depends on: a schema error there stops the run after the schema check. */
const ESSENTIAL = new Set(['', 'services', 'zones', 'roles', 'zoneRules', 'adminNetworks']);

/**
 * Runs the schema check and decides what it leaves checkable: a malformed zone or service entry is left
 * out (with it, the flows that depend on it), a malformed optional section is left out, and only a
 * malformed hierarchy (the root, the lists themselves, roles, zone rules, admin networks) stops the run.
 */
export function judgeSchema(input: ZeroTrustBlueprintProps, issues: IssueCollector): SchemaVerdict {
  const found = schemaIssues(input);
  found.forEach((i) => issues.add(i.code, i.path, i.message));
  const zoneIndexes = new Set<number>();
  const serviceIndexes = new Set<number>();
  if (found.length === 0) {
    return { props: input, zoneIndexes, serviceIndexes };
  }
  const dropped = new Set<string>();
  let fatal = false;
  for (const { path } of found) {
    const [, key = '', index] = /^([A-Za-z_$][\w$]*)?(?:\[(\d+)\])?/.exec(path) ?? [];
    if (index !== undefined && key === 'zones') {
      zoneIndexes.add(Number(index));
    } else if (index !== undefined && key === 'services') {
      serviceIndexes.add(Number(index));
    } else if (DROPPABLE.has(key)) {
      dropped.add(key);
    } else if (ESSENTIAL.has(key) || (index !== undefined && !key)) {
      fatal = true;
    } // else an unknown top-level field: reported, and nothing reads it
  }
  if (fatal || !Array.isArray(input.services)) {
    return { zoneIndexes, serviceIndexes };
  }
  const props: Record<string, unknown> = { ...input };
  dropped.forEach((key) => delete props[key]);
  if (dropped.has('pki')) {
    // Service certificates depend on the PKI section: do not report them as lacking one.
    props.services = input.services.map((s) => (s && typeof s === 'object' ? { ...s, tls: undefined } : s));
  }
  return { props: props as unknown as ZeroTrustBlueprintProps, zoneIndexes, serviceIndexes };
}

function schemaIssues(input: unknown): readonly BlueprintIssue[] {
  const collector = new IssueCollector();
  checkSchema(input, collector);
  return collector.all;
}
