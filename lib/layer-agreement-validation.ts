import { ApiObject, Chart } from 'cdk8s';
import { Construct, IValidation } from 'constructs';
import type { BlueprintModel } from './model';
import { layerAgreementProblems } from './validation/layer-agreement';
import { LAYER_AGREEMENT_KINDS } from './validation/layer-kinds';
import { RenderFingerprint } from './validation/render-fingerprint';

/**
 * The synth-time check that the rendered layers agree with the blueprint (lib/validation/layer-agreement).
 * It renders only the kinds the check reads, and remembers its verdict for the same rendering:
 * `app.synth()` validates twice (once itself, once in `chart.toJson()`), and the second would repeat the
 * whole evaluation for nothing. Whether anything changed is told from the objects' inputs (props, patches,
 * metadata, the set of objects), which is much cheaper than rendering them again: a patch, a label or an
 * added or removed object between two syntheses is judged anew.
 */
export class LayerAgreementValidation implements IValidation {
  private readonly fingerprint = new RenderFingerprint();
  private last?: { digest: string; problems: string[] };

  constructor(private readonly scope: Construct, private readonly model: BlueprintModel) {}

  public validate(): string[] {
    const objects = Chart.of(this.scope).node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && LAYER_AGREEMENT_KINDS.has(c.kind));
    const digest = this.fingerprint.digest(objects);
    if (this.last?.digest !== digest) {
      this.last = { digest, problems: layerAgreementProblems(this.model, objects.map((o) => o.toJson())) };
    }
    return [...this.last.problems];
  }
}
