import { Chart, Testing } from 'cdk8s';
import { expect } from 'vitest';
import { ZeroTrustBlueprint } from '../../lib';
import { BlueprintError, buildModel } from '../../lib/model';

type Issues = { path: string; message: string }[];

function rejection(run: () => void): Issues {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(BlueprintError);
    return [...(e as BlueprintError).issues];
  }
  throw new Error('the blueprint was accepted');
}

/** The issues a blueprint construct is rejected with; fails the test when it is accepted or fails otherwise. */
export function issuesOf(props: unknown): Issues {
  return rejection(() => new ZeroTrustBlueprint(new Chart(Testing.app(), 'c'), 'bp', props as any));
}

/** The same, for the model alone (no constructs). */
export function issuesOfModel(props: unknown): Issues {
  return rejection(() => buildModel(props as any));
}
