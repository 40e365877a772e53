import type { BlueprintModel } from '../model';
import { evaluatedPods } from './evaluated-pods';
import { meshAgreementProblems } from './mesh-agreement';
import { networkAgreementProblems } from './network-agreement';

/**
 * Checks the RENDERED objects of a blueprint's chart (NetworkPolicies and Linkerd policy, as `toJson()`
 * returns them, after any patch and next to any object a user added) against the model and against each
 * other: every declared connection is open in both layers, and nothing else is. Each problem names the
 * pair and the port, with a stable code.
 *
 * The pods are the blueprint's services as their bound workloads (or the Keycloak operator) run them.
 * The work is per service, per policy rule and per class of pods that the large selections (zones, caller
 * groups) treat alike, not per pair of services; a target whose check fails is evaluated pair by pair.
 */
export function layerAgreementProblems(model: BlueprintModel, manifests: readonly any[]): string[] {
  const pods = evaluatedPods(model);
  // One pass splits the objects between the two halves: each then walks only the kinds it reads.
  const network: any[] = [];
  const mesh: any[] = [];
  for (let n = 0; n < manifests.length; n++) {
    const kind = manifests[n]?.kind;
    (kind === 'NetworkPolicy' || kind === 'Namespace' ? network : mesh).push(manifests[n]);
  }
  return [...networkAgreementProblems(model, network, pods), ...meshAgreementProblems(model, mesh, pods)];
}
