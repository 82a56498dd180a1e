/**
 * The contract data the tests read is copied into test/fixtures/contracts (a clean clone has only this
 * repository). Where the project's reference data is at hand (../shared/contracts, as on the machine
 * the copies were made on), every copy must still be byte-for-byte the original.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const COPIES = fileURLToPath(new URL('./fixtures/contracts/', import.meta.url));
const ORIGINALS = fileURLToPath(new URL('../../shared/contracts/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe.runIf(existsSync(ORIGINALS))('the copies of the contract data', () => {
  it('should be byte-for-byte the files in ../shared/contracts', () => {
    const copies = files(COPIES).filter((f) => !f.endsWith('README.md'));
    expect(copies.length).toBeGreaterThan(10);
    for (const copy of copies) {
      const path = relative(COPIES, copy);
      expect(readFileSync(copy).equals(readFileSync(join(ORIGINALS, path))), path).toBe(true);
    }
  });
});
