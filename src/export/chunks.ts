/**
 * @module export/chunks
 * Exports rendered as text chunks: renderers yield pieces of any size, in order, and whoever writes them (the CLI,
 * the HTTP route) gets them gathered into chunks big enough to write one at a time.
 */

/** Characters in a chunk, about: big enough that writing one is cheap, small enough to hold many of. */
export const CHUNK_CHARS = 1 << 16;

/**
 * `pieces` gathered into chunks of at least `size` characters (the last may be shorter), in order; nothing empty.
 * @example
 * [...gathered(['a', 'b', 'c'], 2)] // ['ab', 'c']
 */
export function* gathered(pieces: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** What the pieces make in all, as one string. */
export function joined(pieces: Iterable<string>): string {
  let text = '';
  for (const piece of pieces) text += piece;
  return text;
}

/** Each of `items` mapped, one at a time as they are taken. */
export function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}
