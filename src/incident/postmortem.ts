/**
 * @module incident/postmortem
 * The postmortem as the incident folds it: who owns it, the day of its review, and where the write-up
 * stands (draft, in review, published). Pure.
 */
export type PostmortemStatus = 'draft' | 'in_review' | 'published';

export interface PostmortemState {
  owner: string;
  /** YYYY-MM-DD in WARROOM_TIMEZONE, when a review is asked for. */
  reviewDate: string | undefined;
  status: PostmortemStatus;
  statusAt: number;
}

const LABELS: Record<PostmortemStatus, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' };

export function postmortemStatusLabel(status: PostmortemStatus): string {
  return LABELS[status];
}

/** `draft`, `review` / `in review`, `published` as people type them. */
export function parsePostmortemStatus(text: string): PostmortemStatus | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (word === 'draft') return 'draft';
  if (word === 'review' || word === 'in_review') return 'in_review';
  if (word === 'published' || word === 'publish') return 'published';
  return undefined;
}
