import { isBlueprintError } from '../lib/model/errors';

/**
 * Runs a cdk8s app; a blueprint mistake is a user error, so it prints the problems (each with its
 * JSON path) and exits 1 without a stack trace. Validation runs before cdk8s writes any file.
 */
export function exitOnBlueprintError(run: () => void): void {
  try {
    run();
  } catch (err) {
    if (isBlueprintError(err) || isValidationError(err)) {
      console.error((err as Error).message);
      process.exit(1);
    }
    throw err;
  }
}

/** cdk8s reports failed `node.addValidation` checks (a workload that misses a port) this way. */
function isValidationError(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('Validation failed');
}
