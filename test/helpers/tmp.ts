import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder per test, removed afterwards by the caller's cleanup. */
export async function tempDir(prefix = 'vpp-desk-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
