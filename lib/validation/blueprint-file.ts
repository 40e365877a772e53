import { readFileSync } from 'fs';
import { LineCounter, parseDocument } from 'yaml';
import { BlueprintError, BlueprintIssue, MAX_LISTED_ISSUES } from '../model/errors';

/**
 * Aliases one YAML document may expand. A blueprint needs few (a shared port list, a CIDR list); an
 * "alias bomb" (aliases of aliases) expands to billions of nodes and is stopped here.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * Reads a YAML or JSON blueprint file into plain data, without validating it as a blueprint. Every
 * failure is a BlueprintError: unreadable file, syntax errors (the first `MAX_LISTED_ISSUES` with line
 * and column, then how many more), alias bombs and unresolved aliases, and a file that is not one object.
 */
export function readBlueprintFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BlueprintError([{ code: 'ZT-INPUT-001', path: '', message: `cannot read the blueprint file: ${(e as Error).message}` }], file);
  }
  return parseBlueprintText(text, file);
}

/**
 * How deep `[` and `{` may nest. A blueprint nests a few levels; the YAML parser runs out of memory on
 * some ten thousand unclosed brackets, so deeper nesting is refused before parsing.
 */
export const MAX_FLOW_DEPTH = 64;

/** The same, for text already read (`source` names it in messages). */
export function parseBlueprintText(text: string, source?: string): Record<string, unknown> {
  const tooDeep = flowDepthExceeded(text);
  if (tooDeep !== undefined) {
    const { line, col } = lineAndColumn(text, tooDeep);
    throw new BlueprintError([{ code: 'ZT-INPUT-009', path: '', message: `brackets nest more than ${MAX_FLOW_DEPTH} levels deep at line ${line}, column ${col}: close the open \`[\` and \`{\` (a blueprint never nests that deep)` }], source);
  }
  // `prettyErrors` formats a code excerpt per error by rescanning the text: quadratic for a file of
  // many errors. Positions come from a line counter instead, for the errors that are listed.
  const lineCounter = new LineCounter();
  // Warnings (a key that is a collection) surface as schema errors of the stringified key instead.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter, logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw new BlueprintError(syntaxIssues(doc.errors, lineCounter), source);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    throw new BlueprintError([aliasIssue(e)], source);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new BlueprintError([{ code: 'ZT-INPUT-003', path: '', message: 'the file must hold one blueprint object (zones, services, ...)' }], source);
  }
  return data as Record<string, unknown>;
}

function syntaxIssues(errors: readonly { message: string; pos: [number, number] }[], lines: LineCounter): BlueprintIssue[] {
  const listed = errors.slice(0, MAX_LISTED_ISSUES).map((e): BlueprintIssue => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { code: 'ZT-INPUT-002', path: '', message: `not valid YAML or JSON: ${e.message.split('\n')[0]} (line ${line}, column ${col})` };
  });
  if (errors.length > MAX_LISTED_ISSUES) {
    listed.push({ code: 'ZT-INPUT-006', path: '', message: `${errors.length - MAX_LISTED_ISSUES} more YAML syntax errors follow: fix the first one, the others are often its consequences` });
  }
  return listed;
}

/** `toJS` throws a ReferenceError for an alias bomb and for an alias without its anchor. */
function aliasIssue(e: unknown): BlueprintIssue {
  const message = e instanceof Error ? e.message : String(e);
  if (/alias count/i.test(message)) {
    return { code: 'ZT-INPUT-004', path: '', message: `the YAML aliases expand to too many nodes (more than ${MAX_YAML_ALIASES} alias uses, or aliases of aliases): write the repeated values out or use fewer aliases` };
  }
  if (/unresolved alias/i.test(message)) {
    const name = /:\s*(\S+)\s*$/.exec(message)?.[1];
    return { code: 'ZT-INPUT-005', path: '', message: `the YAML alias ${name ? `*${name} ` : ''}refers to no anchor before it: define the anchor (&${name ?? 'name'}) before its first use` };
  }
  return { code: 'ZT-INPUT-008', path: '', message: `the YAML document cannot be read: ${message}` };
}

/**
 * The offset where `[`/`{` nesting first exceeds `MAX_FLOW_DEPTH`, or undefined. Quoted strings and
 * comments are skipped; brackets in block scalars are counted, which only matters past the limit.
 */
function flowDepthExceeded(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = closingQuote(text, i);
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) {
        return i;
      }
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** Offset of the quote closing the string opened at `start` (the end of the line if it is not closed there). */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      return i;
    }
    if (quote === '"' && c === '\\') {
      i++;
    } else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
      } else {
        return i;
      }
    }
  }
  return text.length;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
