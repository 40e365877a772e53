import fc from 'fast-check';
import type { ZeroTrustBlueprintProps } from '../../lib';
import { validBlueprint } from '../property/blueprint-arbitrary';
import { seed } from '../property/settings';

/**
 * A small seeded sample of the property suite's valid blueprints (`ZT_PROPERTY_SEED` changes it): the
 * first `count` with at least three services, since fast-check's first draws are tiny.
 */
export function generatedBlueprints(count: number): ZeroTrustBlueprintProps[] {
  return fc.sample(validBlueprint, { seed: seed(), numRuns: 20 * count }).filter((b) => b.services.length >= 3).slice(0, count);
}
