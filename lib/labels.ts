/** Label and annotation keys the library writes. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  zone: 'zero-trust.cdk8s.io/zone',
  zoneRole: 'zero-trust.cdk8s.io/zone-role',
  service: 'zero-trust.cdk8s.io/service',
} as const;

export const MANAGED_BY = 'cdk8s-zero-trust';

/** Labels every object the library emits carries. */
export function managedLabels(extra: Record<string, string> = {}): Record<string, string> {
  return { [LABELS.managedBy]: MANAGED_BY, ...extra };
}
