import { RoleProps } from '../blueprint/role';
import { IssueCollector } from './errors';
import { RoleModel } from './model';

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** The reference architecture's hierarchy: admin includes operator includes viewer. */
export const DEFAULT_ROLES: readonly RoleProps[] = [
  { name: 'admin', description: 'Full administrative access', includes: ['operator'] },
  { name: 'operator', description: 'Operates the platform', includes: ['viewer'] },
  { name: 'viewer', description: 'Read-only access' },
];

/** Validates the role hierarchy (unknown includes, cycles) and computes each role's closure. */
export function buildRoles(declared: readonly RoleProps[] | undefined, issues: IssueCollector): RoleModel[] {
  const props = declared ?? DEFAULT_ROLES;
  const byName = new Map<string, RoleProps>();
  props.forEach((role, i) => {
    if (!ROLE_NAME.test(role.name)) {
      issues.add('ZT-ROLE-001', `roles[${i}].name`, `"${role.name}" is not a valid role name: use lowercase letters, digits, '-' and '_', starting with a letter`);
    }
    if (byName.has(role.name)) {
      issues.add('ZT-ROLE-002', `roles[${i}].name`, `role "${role.name}" is declared twice`);
    }
    byName.set(role.name, role);
  });
  props.forEach((role, i) => (role.includes ?? []).forEach((inc, j) => {
    if (!byName.has(inc)) {
      issues.add('ZT-ROLE-003', `roles[${i}].includes[${j}]`, unknownRole(inc, byName));
    }
  }));
  const cycle = findCycle(props, byName);
  if (cycle) {
    const i = props.findIndex((r) => r.name === cycle[0]);
    issues.add('ZT-ROLE-004', `roles[${i}].includes`, `roles include each other in a cycle (${cycle.join(' -> ')}): a role cannot inherit itself`);
    return props.map((r) => ({ name: r.name, description: r.description, includes: [...(r.includes ?? [])], effective: [r.name], broken: true }));
  }
  return props.map((r) => ({
    name: r.name,
    description: r.description,
    includes: [...(r.includes ?? [])],
    effective: [...closure(r.name, byName)].sort(),
    broken: false,
  }));
}

export function unknownRole(name: string, roles: ReadonlyMap<string, unknown>): string {
  return `unknown role "${name}": declare it in \`roles\` (known: ${[...roles.keys()].map((r) => `"${r}"`).join(', ') || 'none'})`;
}

function closure(name: string, byName: Map<string, RoleProps>, seen = new Set<string>()): Set<string> {
  if (!seen.has(name) && byName.has(name)) {
    seen.add(name);
    for (const inc of byName.get(name)!.includes ?? []) {
      closure(inc, byName, seen);
    }
  }
  return seen;
}

function findCycle(props: readonly RoleProps[], byName: Map<string, RoleProps>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'visiting') {
      return [...stack.slice(stack.indexOf(name)), name];
    }
    if (state.get(name) === 'done' || !byName.has(name)) {
      return undefined;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const inc of byName.get(name)!.includes ?? []) {
      const found = visit(inc);
      if (found) {
        return found;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const r of props) {
    const found = visit(r.name);
    if (found) {
      return found;
    }
  }
  return undefined;
}
