/** The environment variable that chooses when the synth-time layer check evaluates the chart. */
export const LAYER_CHECK_ENV = 'CDK8S_ZERO_TRUST_LAYER_CHECK';

/**
 * When the synth-time layer check evaluates the chart's layer objects:
 * - `changes` (the default): whenever any of them is not exactly as the blueprint built it (a JSON patch,
 *   a label or annotation added, an object added next to them or removed); the blueprint's own unchanged
 *   output is what the test suite verifies the planners on, and is not evaluated again;
 * - `always`: at every synthesis, the unchanged output too, as a check of the planners on this blueprint
 *   (what `cdk8s-zero-trust check` does).
 */
export type LayerCheckMode = 'changes' | 'always';

const MODES: readonly LayerCheckMode[] = ['changes', 'always'];

/** The mode `CDK8S_ZERO_TRUST_LAYER_CHECK` chooses, or the problem with its value. */
export function layerCheckMode(): LayerCheckMode | { readonly problem: string } {
  const value = process.env[LAYER_CHECK_ENV];
  if (value === undefined || value === '') {
    return 'changes';
  }
  if ((MODES as readonly string[]).includes(value)) {
    return value as LayerCheckMode;
  }
  return { problem: `[ZT-LAYER-009] ${LAYER_CHECK_ENV} is "${value}": set it to "always" (evaluate the layers at every synthesis) or "changes" (only when an object was patched, added or removed; the default), or unset it` };
}
