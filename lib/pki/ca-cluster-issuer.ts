import { Construct } from 'constructs';
import { ClusterIssuer, ClusterIssuerSpec, ClusterIssuerSpecVault } from '../imports/cert-manager.io';
import { managedLabels } from '../labels';
import { CaModel, CaSource, VaultModel } from '../model/pki-model';

/**
 * The cert-manager `ClusterIssuer` that signs with a CA: a `ca` issuer reading the CA Secret from the
 * cluster resource namespace, or a `vault` issuer when the CA key is held in Vault. A ClusterIssuer lets
 * Certificates in every namespace use the CA without the CA Secret leaving that namespace.
 */
export class CaClusterIssuer extends Construct {
  constructor(scope: Construct, id: string, ca: CaModel) {
    super(scope, id);
    new ClusterIssuer(this, 'Resource', {
      metadata: { name: ca.clusterIssuerName, labels: managedLabels() },
      spec: issuerSpec(ca),
    });
  }
}

function issuerSpec(ca: CaModel): ClusterIssuerSpec {
  if (ca.source === CaSource.VAULT) {
    return { vault: vaultSpec(ca.vault!) };
  }
  return { ca: { secretName: ca.secretName! } };
}

function vaultSpec(vault: VaultModel): ClusterIssuerSpecVault {
  return {
    server: vault.server,
    path: vault.path,
    namespace: vault.vaultNamespace,
    caBundleSecretRef: vault.caBundleSecretName ? { name: vault.caBundleSecretName, key: 'ca.crt' } : undefined,
    auth: vault.kubernetesRole !== undefined
      ? {
        kubernetes: {
          role: vault.kubernetesRole,
          mountPath: vault.kubernetesMountPath,
          serviceAccountRef: { name: vault.serviceAccountName! },
        },
      }
      : { tokenSecretRef: { name: vault.tokenSecretName!, key: vault.tokenSecretKey } },
  };
}
