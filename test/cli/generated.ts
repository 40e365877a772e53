import fc from 'fast-check';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { seed } from '../property/settings';

/** A small seeded sample of the property suite's valid blueprints (`ZT_PROPERTY_SEED` changes it). */
export function generatedBlueprints(count: number): ZeroTrustBlueprintProps[] {
  return fc.sample(validBlueprint, { seed: seed(), numRuns: count });
}
