import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IValidation } from 'constructs';
import type { BlueprintModel } from './model';
import { layerAgreementProblems } from './validation/layer-agreement';
import { LAYER_AGREEMENT_KINDS } from './validation/layer-kinds';

/**
 * The synth-time check that the rendered layers agree with the blueprint (lib/validation/layer-agreement).
 * It renders only the kinds the check reads, and remembers its verdict for the same rendered objects:
 * `app.synth()` validates twice (once itself, once in `chart.toJson()`), and the second would repeat the
 * whole evaluation for nothing. A patch or an added object between two syntheses changes the digest.
 */
export class LayerAgreementValidation implements IValidation {
  private last?: { digest: string; problems: string[] };

  constructor(private readonly scope: Construct, private readonly model: BlueprintModel) {}

  public validate(): string[] {
    const manifests = Chart.of(this.scope).node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && LAYER_AGREEMENT_KINDS.has(c.kind))
      .map((o) => o.toJson());
    const digest = createHash('sha256').update(JSON.stringify(manifests)).digest('hex');
    if (this.last?.digest !== digest) {
      this.last = { digest, problems: layerAgreementProblems(this.model, manifests) };
    }
    return [...this.last.problems];
  }
}
