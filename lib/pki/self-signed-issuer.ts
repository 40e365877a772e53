import { Construct } from 'constructs';
import { Issuer } from '../imports/cert-manager.io';
import { managedLabels } from '../labels';

/** A cert-manager `Issuer` that self-signs: it only bootstraps a root CA certificate in its namespace. */
export class SelfSignedIssuer extends Construct {
  constructor(scope: Construct, id: string, props: { name: string; namespace: string }) {
    super(scope, id);
    new Issuer(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: managedLabels() },
      spec: { selfSigned: {} },
    });
  }
}
