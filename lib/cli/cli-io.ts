/** Where a command writes: the process's streams, or buffers when a test runs the CLI in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const PROCESS_IO: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Exit codes of the CLI (documented in docs/cli.md). */
export const EXIT = {
  OK: 0,
  /** The input is wrong (an invalid blueprint, an unknown service, a missing file): the user's to fix. */
  INVALID_INPUT: 1,
  /** The command line is wrong (an unknown command or option). */
  USAGE: 2,
  /** A bug of the library: printed with its stack trace and a request to report it. */
  INTERNAL: 70,
} as const;
