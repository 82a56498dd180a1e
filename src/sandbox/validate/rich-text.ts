/** @module sandbox/validate/rich-text — the rich_text object, checked shallowly: containers and inline types. */
import { any, arr, int, obj, oneOf, type Shape, str, union } from './rules.js';

const richInline = obj({ required: ['type'], loose: true, fields: { type: str(255) } });
const richContainer: Shape = {
  required: ['type', 'elements'],
  loose: true,
  fields: { type: any, elements: arr(richInline) },
};
const richPart = union(
  {
    rich_text_section: richContainer,
    rich_text_list: {
      ...richContainer,
      fields: { ...richContainer.fields, style: oneOf(['bullet', 'ordered']), indent: int(0, 8), border: int(0, 1) },
    },
    rich_text_preformatted: richContainer,
    rich_text_quote: richContainer,
  },
  { prefixed: false },
);

/** The `rich_text` object (a block, or a rich_text_input's initial value). */
export const richTextShape: Shape = {
  required: ['type', 'elements'],
  fields: { type: any, block_id: str(255), elements: arr(richPart) },
};
