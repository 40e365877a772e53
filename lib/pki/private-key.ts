import { KeyAlgorithm } from '../blueprint/pki';
import {
  CertificateSpecPrivateKey, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyEncoding,
  CertificateSpecPrivateKeyRotationPolicy,
} from '../imports/cert-manager.io';

const KEYS: Record<KeyAlgorithm, { algorithm: CertificateSpecPrivateKeyAlgorithm; size?: number }> = {
  [KeyAlgorithm.RSA_2048]: { algorithm: CertificateSpecPrivateKeyAlgorithm.RSA, size: 2048 },
  [KeyAlgorithm.RSA_3072]: { algorithm: CertificateSpecPrivateKeyAlgorithm.RSA, size: 3072 },
  [KeyAlgorithm.RSA_4096]: { algorithm: CertificateSpecPrivateKeyAlgorithm.RSA, size: 4096 },
  // No size: cert-manager's ECDSA default is P-256, and Linkerd's guide writes the key this way.
  [KeyAlgorithm.ECDSA_P256]: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA },
  [KeyAlgorithm.ECDSA_P384]: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 384 },
  [KeyAlgorithm.ED25519]: { algorithm: CertificateSpecPrivateKeyAlgorithm.ED25519 },
};

/**
 * cert-manager's `privateKey` for a key algorithm. `rotationPolicy: Always` gives every renewal a fresh key
 * (cert-manager before 1.18 defaulted to `Never`, which renews the certificate but keeps the old key).
 */
export function privateKeySpec(keyAlgorithm: KeyAlgorithm, opts: { pkcs8?: boolean } = {}): CertificateSpecPrivateKey {
  return {
    ...KEYS[keyAlgorithm],
    ...(opts.pkcs8 ? { encoding: CertificateSpecPrivateKeyEncoding.PKCS8 } : {}),
    rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
  };
}
