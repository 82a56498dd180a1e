/**
 * @module incident/status
 * The statuses an incident moves through, in their usual order.
 */

export const STATUSES = ['investigating', 'identified', 'mitigating', 'monitoring', 'resolved'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_INFO: Record<Status, { label: string; description: string }> = {
  investigating: { label: 'Investigating', description: 'Impact confirmed, cause unknown' },
  identified: { label: 'Identified', description: 'The cause (often a change) is named' },
  mitigating: { label: 'Mitigating', description: 'A fix or rollback is under way' },
  monitoring: { label: 'Monitoring', description: 'Recovery seen; watching that it holds' },
  resolved: { label: 'Resolved', description: 'Impact is over' },
};

export function parseStatus(text: string): Status | undefined {
  const word = text.trim().toLowerCase();
  return (STATUSES as readonly string[]).includes(word) ? (word as Status) : undefined;
}

export function statusLabel(status: Status): string {
  return STATUS_INFO[status].label;
}
