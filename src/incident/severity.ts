/**
 * @module incident/severity
 * Severities SEV1–SEV4, most severe first, each with the one line a responder reads when picking one.
 */

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_INFO: Record<Severity, { label: string; emoji: string; description: string }> = {
  sev1: {
    label: 'SEV1',
    emoji: '🔴',
    description: 'Critical: customers cannot use a core feature, or data is at risk',
  },
  sev2: { label: 'SEV2', emoji: '🟠', description: 'Major: a core feature is badly degraded for many customers' },
  sev3: { label: 'SEV3', emoji: '🟡', description: 'Minor: limited impact, or a workaround exists' },
  sev4: { label: 'SEV4', emoji: '🔵', description: 'Low: no customer impact yet; worth tracking' },
};

/** Reads `sev1`, `SEV1`, `1`, `s1`: undefined when it is not a severity. */
export function parseSeverity(text: string): Severity | undefined {
  const match = text
    .trim()
    .toLowerCase()
    .match(/^(?:sev|s)?([1-4])$/);
  return match ? (`sev${match[1]}` as Severity) : undefined;
}

export function severityLabel(severity: Severity): string {
  return SEVERITY_INFO[severity].label;
}
