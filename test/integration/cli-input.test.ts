// Input without bounds is refused by size before it is read whole: exit 2,
// one line that says why, nothing stored.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

let home: string;
let env: Record<string, string>;

beforeEach(async () => {
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: 'http://127.0.0.1:9/mdm/v2',
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-input-${process.pid}`,
  };
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('vpp-desk refuses oversized input', () => {
  it('token import /dev/zero: exit 2 naming the 64 KiB limit, not an out-of-memory crash', async () => {
    const r = await runCli(['token', 'import', '/dev/zero', '--apple-id', 'a@b.c', '--accept-account-lock'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('larger than 64 KiB');
  });

  it('deploy --users @file over 50 MB: exit 2 without reading it', async () => {
    const file = path.join(home, 'users.csv');
    const h = await fs.open(file, 'w');
    await h.truncate(100 * 1024 * 1024); // sparse: the size is what is checked
    await h.close();
    const r = await runCli(['deploy', '408709785', '--users', `@${file}`, '--action', 'required'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('larger than 50 MB');
  });
});
