import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusRule } from '../imports/monitoring.coreos.com';
import { managedLabels } from '../labels';
import { AlertingModel } from '../model/alerting-model';
import { alertRuleFiles } from './alert-rules';

/**
 * The blueprint's alerts as Prometheus Operator `PrometheusRule`s (monitoring.coreos.com/v1): one per area
 * (mesh authorization, identity, certificates), in the alerting namespace.
 */
export class AlertingRules extends Construct {
  /** Names of the PrometheusRules, in emission order. */
  public readonly ruleNames: string[];

  constructor(scope: Construct, id: string, model: AlertingModel) {
    super(scope, id);
    const files = alertRuleFiles(model);
    this.ruleNames = files.map((f) => f.name);
    for (const file of files) {
      // Typed by the imported CRD; a plain ApiObject keeps `for` and the rule order as written.
      const manifest = PrometheusRule.manifest({
        metadata: { name: file.name, namespace: model.namespace, labels: managedLabels({ ...model.ruleLabels }) },
        spec: { groups: [] },
      });
      new ApiObject(this, file.name, { ...manifest, spec: { groups: file.groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) })) } });
    }
  }
}
