// Vitest-only (it registers afterEach): tmp.ts stays importable by the chaos runner, which runs outside vitest.
import fs from 'node:fs/promises';
import { afterEach } from 'vitest';
import { tempDir } from './tmp';

/**
 * A maker of fresh folders for a test file, each removed after its test
 * (vitest afterEach, registered here): `const dir = tempDirs();`.
 */
export function tempDirs(prefix?: string): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const d = await tempDir(prefix);
    made.push(d);
    return d;
  };
}
