import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per test, removed afterwards by the caller's cleanup. */
export async function tempDir(prefix = 'vpp-desk-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

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
