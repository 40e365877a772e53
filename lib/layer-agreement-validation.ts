import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct, IValidation } from 'constructs';
import type { BlueprintModel } from './model';
import { renderAllForCheck } from './rendering/render-stamp';
import { BuiltLayerObjects } from './validation/built-layer-objects';
import { layerAgreementProblems } from './validation/layer-agreement';
import { layerCheckMode, LayerCheckMode } from './validation/layer-check-mode';
import { LAYER_AGREEMENT_KINDS } from './validation/layer-kinds';
import { RenderFingerprint } from './validation/render-fingerprint';

/**
 * The synth-time check that the rendered layers agree with the blueprint (lib/validation/layer-agreement).
 * It renders only the kinds the check reads, and remembers its verdict for the same rendering:
 * `app.synth()` validates twice (once itself, once in `chart.toJson()`), and the second would repeat the
 * whole evaluation for nothing. Whether anything changed is told from the objects' inputs (the set of
 * objects, the render stamps of the library's objects, the props, patches and metadata of the others),
 * which is much cheaper than rendering them again: a patch, a label or an added or removed object between
 * two syntheses is judged anew. The library's objects hand the rendering the check read to synthesis, so
 * each is rendered once per synthesis (lib/rendering/render-stamp.ts).
 *
 * When the chart's layer objects are exactly the ones the blueprint built, unchanged, there is nothing of
 * the user's to judge and the check evaluates nothing, unless `CDK8S_ZERO_TRUST_LAYER_CHECK=always` (or
 * `always` here) asks it to verify the planners' output on this blueprint too (validation/layer-check-mode.ts).
 */
export class LayerAgreementValidation implements IValidation {
  private readonly fingerprint = new RenderFingerprint();
  private readonly built = new BuiltLayerObjects();
  private last?: { digest: string; problems: string[] };

  /** Overrides the environment's mode (`cdk8s-zero-trust check` evaluates always). */
  public mode: LayerCheckMode | undefined;

  /** Made at the end of the blueprint's construction: the layer objects below `scope` then are the ones it built. */
  constructor(private readonly scope: Construct, private readonly model: BlueprintModel) {
    this.built.record(layerObjects(scope));
  }

  public validate(): string[] {
    const mode = this.mode ?? layerCheckMode();
    if (typeof mode !== 'string') {
      return [mode.problem];
    }
    const objects = layerObjects(Chart.of(this.scope));
    if (mode === 'changes' && this.built.unchanged(objects)) {
      return [];
    }
    if (this.last === undefined || this.last.digest !== this.fingerprint.digest(objects)) {
      const renderings = renderAllForCheck(objects);
      // Digested after rendering: an object rendered in one walk is then told by its stamp, not its props.
      this.last = { digest: this.fingerprint.digest(objects), problems: layerAgreementProblems(this.model, renderings) };
    }
    return [...this.last.problems];
  }
}

/** The objects of the kinds the check reads below `root`, in `findAll` order, without listing every construct first. */
function layerObjects(root: IConstruct): ApiObject[] {
  const found: ApiObject[] = [];
  const visit = (c: IConstruct): void => {
    if (ApiObject.isApiObject(c) && LAYER_AGREEMENT_KINDS.has(c.kind)) {
      found.push(c);
    }
    const children = c.node.children;
    for (let i = 0; i < children.length; i++) {
      visit(children[i]);
    }
  };
  visit(root);
  return found;
}
