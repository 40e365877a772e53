import { Chart, Testing } from 'cdk8s';
import { ZeroTrustBlueprint } from '../../lib';
import { BlueprintError, MAX_LISTED_ISSUES, isBlueprintError } from '../../lib/errors';

const JSON_PATH = /^(?:(?:[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*)?$/;
/** Messages that name no field, no finding or nothing to do (the issue's examples). */
const VAGUE = [/found undefined undefined/, /found number null/, /\(undefined\)/, /\[object Object\]/, /"undefined"/];

/**
 * What a blueprint run ended in: `synthesized`, or `rejected` with the library's own error. Anything
 * else (a crash, another error type, a malformed issue or message) throws, naming what is wrong.
 */
export function outcome(run: () => void): 'synthesized' | 'rejected' {
  try {
    run();
    return 'synthesized';
  } catch (e) {
    if (!isBlueprintError(e) || !(e instanceof BlueprintError)) {
      throw new Error(`crashed instead of a blueprint error: ${(e as Error)?.stack ?? String(e)}`);
    }
    const problems = e.issues.flatMap((i) => [
      ...(/^ZT-[A-Z]+-\d{3}$/.test(i.code) ? [] : [`code "${i.code}"`]),
      ...(typeof i.path === 'string' && JSON_PATH.test(i.path) ? [] : [`path "${i.path}" is not a JSON path`]),
      ...(typeof i.message === 'string' && i.message.trim().length > 10 ? [] : [`empty message at ${i.path}`]),
      ...VAGUE.filter((v) => v.test(i.message)).map((v) => `vague message at ${i.path}: ${i.message} (${v})`),
    ]);
    if (e.issues.length === 0) problems.push('a blueprint error without issues');
    if (e.message.split('\n').length > MAX_LISTED_ISSUES + 2) problems.push(`the message lists ${e.message.split('\n').length - 1} lines, more than ${MAX_LISTED_ISSUES} and a summary`);
    if (problems.length > 0) {
      throw new Error(`malformed blueprint error:\n  ${problems.join('\n  ')}\n${e.message.slice(0, 3000)}`);
    }
    return 'rejected';
  }
}

/** Builds and synthesizes the blueprint's objects (no workloads: mutants are not bound). */
export function synthesize(props: unknown): void {
  const chart = new Chart(Testing.app(), 'fuzz', { disableResourceNameHashes: true });
  new ZeroTrustBlueprint(chart, 'blueprint', props as any);
  // Also runs the construct validations (the synth-time layer check among them): a failure there is a
  // plain Error, so a blueprint the model accepts but the check rejects is reported as a finding.
  Testing.synth(chart);
}
