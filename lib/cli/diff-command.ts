import { CliIo, EXIT } from './cli-io';
import { explainPlatform } from './explain-report';
import { ClientRole, Connection, connectionKey, Identity, identityKey, PlatformFacts, platformFacts, roleKey } from './platform-facts';
import { loadRendered } from './rendered-platform';

export interface DiffArgs {
  readonly old: string;
  readonly new: string;
  /** @default 'text' */
  readonly format?: 'text' | 'json';
}

interface Change<T> {
  readonly added: T[];
  readonly removed: T[];
}

/** What a change adds and removes, for review. */
export interface PlatformDiff {
  readonly connections: Change<Connection>;
  readonly identities: Change<Identity>;
  readonly roles: Change<ClientRole>;
}

/**
 * `diff`: the connections (caller, target, port, layer), identities and client roles the new
 * blueprint (or manifest directory) adds and removes compared with the old one. A difference is the
 * answer, not an error: exit 0 unless an input is bad.
 */
export function diffCommand(args: DiffArgs, io: CliIo): number {
  const diff = diffPlatforms(factsOf(args.old), factsOf(args.new));
  if (args.format === 'json') {
    io.out(`${JSON.stringify(diff, null, 2)}\n`);
  } else {
    io.out(diffText(diff));
  }
  return EXIT.OK;
}

function factsOf(input: string): PlatformFacts {
  return platformFacts(explainPlatform(loadRendered(input).manifests));
}

export function diffPlatforms(before: PlatformFacts, after: PlatformFacts): PlatformDiff {
  return {
    connections: change(before.connections, after.connections, connectionKey),
    identities: change(before.identities, after.identities, identityKey),
    roles: change(before.roles, after.roles, roleKey),
  };
}

function change<T>(before: T[], after: T[], key: (t: T) => string): Change<T> {
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  return { added: after.filter((t) => !old.has(key(t))), removed: before.filter((t) => !now.has(key(t))) };
}

function diffText(diff: PlatformDiff): string {
  const sections: string[] = [];
  const section = <T>(title: string, c: Change<T>, key: (t: T) => string) => {
    if (c.added.length + c.removed.length > 0) {
      sections.push(`${title}:\n${[...c.added.map((t) => `  + ${key(t)}`), ...c.removed.map((t) => `  - ${key(t)}`)].join('\n')}\n`);
    }
  };
  section('Connections', diff.connections, connectionKey);
  section('Identities', diff.identities, identityKey);
  section('Roles', diff.roles, roleKey);
  return sections.length > 0 ? sections.join('\n') : 'No change in connections, identities or roles.\n';
}
