// Writes a blueprint (the parsed YAML text) as Python source that builds it from the wheel's generated
// struct classes, the way a Python user writes it: types from the jsii assembly, Python keyword names
// from the wheel itself (each struct class's jsii name mapping), enum members by their TypeScript value.
// Anything the assembly does not describe throws, so no key of the blueprint is left out unseen.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as lib from '../../lib';
import { repoRoot } from '../support/tools';

type TypeRef =
  | { primitive: 'string' | 'number' | 'boolean' | 'any' | 'json' | 'date' }
  | { fqn: string }
  | { collection: { kind: 'array' | 'map'; elementtype: TypeRef } }
  | { union: { types: TypeRef[] } };

interface AssemblyType {
  kind: 'interface' | 'enum' | 'class';
  name: string;
  datatype?: boolean;
  interfaces?: string[];
  properties?: Array<{ name: string; type: TypeRef }>;
}

/** jsii type name (`cdk8s-zero-trust.ServiceProps`) -> Python keyword -> jsii property name, read from the wheel. */
export type PythonNameMappings = Record<string, Record<string, string>>;

/** A Python expression that prints every struct class's name mapping of the installed module, as JSON. */
export const DUMP_NAME_MAPPINGS = [
  'import json, cdk8s_zero_trust as m',
  'print(json.dumps({c.__jsii_type__: c.__jsii_name_mapping__ for c in vars(m).values() if hasattr(c, "__jsii_name_mapping__")}))',
].join('; ');

const MODULE_ALIAS = 'zt';

export class PythonStructWriter {
  private readonly types: Record<string, AssemblyType>;
  private readonly keywords: Record<string, Record<string, string>>;

  constructor(mappings: PythonNameMappings) {
    this.types = JSON.parse(readFileSync(join(repoRoot(), '.jsii'), 'utf8')).types;
    // invert: jsii property name -> Python keyword
    this.keywords = Object.fromEntries(Object.entries(mappings).map(([fqn, m]) =>
      [fqn, Object.fromEntries(Object.entries(m).map(([py, js]) => [js, py]))]));
  }

  /**
   * A Python module defining `blueprint(scope, id)`, which returns the `ZeroTrustBlueprint` of `props`
   * (the blueprint file's parsed text, `$schema` left out), built from struct classes only.
   */
  module(props: Record<string, unknown>): string {
    const { $schema: _ignored, ...rest } = props;
    const kwargs = this.kwargs('cdk8s-zero-trust.ZeroTrustBlueprintProps', rest, '        ');
    return [
      `import cdk8s_zero_trust as ${MODULE_ALIAS}`,
      '',
      '',
      'def blueprint(scope, id):',
      `    return ${MODULE_ALIAS}.ZeroTrustBlueprint(scope, id,${kwargs})`,
      '',
    ].join('\n');
  }

  private expression(value: unknown, type: TypeRef, where: string, indent: string): string {
    if ('primitive' in type) return this.primitive(value, type.primitive, where);
    if ('collection' in type) {
      const inner = `${indent}    `;
      if (type.collection.kind === 'array') {
        if (!Array.isArray(value)) throw new Error(`${where}: expected a list, found ${JSON.stringify(value)}`);
        return `[${value.map((v, i) => `\n${inner}${this.expression(v, type.collection.elementtype, `${where}[${i}]`, inner)},`).join('')}\n${indent}]`;
      }
      const entries = Object.entries(this.object(value, where));
      return `{${entries.map(([k, v]) => `\n${inner}${JSON.stringify(k)}: ${this.expression(v, type.collection.elementtype, `${where}.${k}`, inner)},`).join('')}\n${indent}}`;
    }
    if ('union' in type) throw new Error(`${where}: union types are not part of the public API`);
    const declared = this.types[type.fqn];
    if (!declared) throw new Error(`${where}: ${type.fqn} is not in the assembly`);
    if (declared.kind === 'enum') return this.enumMember(declared.name, value, where);
    if (!declared.datatype) throw new Error(`${where}: ${type.fqn} is a ${declared.kind}, not a struct`);
    return `${MODULE_ALIAS}.${declared.name}(${this.kwargs(type.fqn, this.object(value, where), `${indent}    `)}\n${indent})`;
  }

  /** `\n<indent>keyword=value,` per key, each key looked up in the struct (and its bases). */
  private kwargs(fqn: string, value: Record<string, unknown>, indent: string): string {
    const properties = this.properties(fqn);
    return Object.entries(value).map(([key, v]) => {
      const property = properties.get(key);
      const keyword = this.keywords[fqn]?.[key];
      if (!property || !keyword) throw new Error(`${fqn}: the blueprint key "${key}" is not a property of the Python struct`);
      return `\n${indent}${keyword}=${this.expression(v, property, `${fqn}.${key}`, indent)},`;
    }).join('');
  }

  private properties(fqn: string): Map<string, TypeRef> {
    const t = this.types[fqn];
    if (!t?.datatype) throw new Error(`${fqn} is not a struct of the assembly`);
    const own = new Map((t.properties ?? []).map((p) => [p.name, p.type] as const));
    for (const base of t.interfaces ?? []) for (const [k, v] of this.properties(base)) if (!own.has(k)) own.set(k, v);
    return own;
  }

  private enumMember(name: string, value: unknown, where: string): string {
    const values = (lib as unknown as Record<string, Record<string, unknown>>)[name];
    const member = values && Object.keys(values).find((k) => values[k] === value);
    if (!member) throw new Error(`${where}: ${JSON.stringify(value)} is no member of ${name}`);
    return `${MODULE_ALIAS}.${name}.${member}`;
  }

  private primitive(value: unknown, primitive: string, where: string): string {
    const ok = primitive === 'any' || primitive === 'json' || typeof value === primitive;
    if (!ok) throw new Error(`${where}: expected a ${primitive}, found ${JSON.stringify(value)}`);
    return pythonLiteral(value);
  }

  private object(value: unknown, where: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: expected a mapping, found ${JSON.stringify(value)}`);
    return value as Record<string, unknown>;
  }
}

/** A JSON value as a Python literal (JSON's string escapes are valid in Python). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${value} has no JSON form`);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
}
