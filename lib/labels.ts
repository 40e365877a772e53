/** The prefix of the label keys the library writes on pods and namespaces; selectors may not use it. */
export const LIBRARY_LABEL_PREFIX = 'zero-trust.cdk8s.io/';

/** Label and annotation keys the library writes. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  zone: `${LIBRARY_LABEL_PREFIX}zone`,
  zoneRole: `${LIBRARY_LABEL_PREFIX}zone-role`,
  service: `${LIBRARY_LABEL_PREFIX}service`,
} as const;

export const MANAGED_BY = 'cdk8s-zero-trust';

/** Labels every object the library emits carries. */
export function managedLabels(extra: Record<string, string> = {}): Record<string, string> {
  return { [LABELS.managedBy]: MANAGED_BY, ...extra };
}
