/** A wrong command line: printed with the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A user mistake that is not a blueprint problem (a missing file, an unknown service, a directory
 * without manifests): printed without a stack trace, exit 1.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
