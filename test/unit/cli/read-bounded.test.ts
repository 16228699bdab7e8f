import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readIdFile } from '../../../electron/cli/id-file';
import { readBounded } from '../../../electron/cli/read-bounded';
import { tempDir } from '../../helpers/tmp';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A sparse file: its size says `bytes`, no disk or memory is spent on it. */
async function sparse(name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  const h = await fs.open(file, 'w');
  await h.truncate(bytes);
  await h.close();
  return file;
}

describe('readBounded', () => {
  it('refuses a device with no size (/dev/zero) after reading only up to the limit', async () => {
    expect(await readBounded('/dev/zero', 64 * 1024)).toEqual({ ok: false, why: 'too-large' });
  });

  it('refuses a regular file over the limit from its size', async () => {
    expect(await readBounded(await sparse('big', 64 * 1024 + 1), 64 * 1024)).toEqual({ ok: false, why: 'too-large' });
  });

  it('reads a file of exactly the limit, and says when a path cannot be read', async () => {
    const file = path.join(dir, 'ok');
    await fs.writeFile(file, 'x'.repeat(1024));
    expect(await readBounded(file, 1024)).toEqual({ ok: true, text: 'x'.repeat(1024) });
    expect(await readBounded(path.join(dir, 'missing'), 1024)).toEqual({ ok: false, why: 'unreadable' });
    expect(await readBounded(dir, 1024)).toEqual({ ok: false, why: 'unreadable' });
  });
});

describe('readIdFile (vpp-desk deploy --users @file)', () => {
  it('refuses a file over 50 MB without reading it', async () => {
    await expect(readIdFile(await sparse('users.csv', 50 * 1024 * 1024 + 1))).rejects.toThrow(/larger than 50 MB/);
  });

  it('parses like the window: header by name, quoted commas, invisible characters refused by line', async () => {
    const file = path.join(dir, 'users.csv');
    await fs.writeFile(file, '\uFEFFemail,name\n"Smith, John",Ann\nb@example.com,Bob\n');
    expect(await readIdFile(file)).toEqual(['Smith, John', 'b@example.com']);
    await fs.writeFile(file, 'clientUserId\nuser-1\nuser\u200B-2\n');
    await expect(readIdFile(file)).rejects.toThrow(/Line 3 .*U\+200B/);
  });
});
