// A VPP_DESK_API_URL the token must not go to is bad configuration: exit 2,
// one sentence naming the setting, and nothing done (no request, no cache).
import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

let home: string;

beforeEach(async () => {
  home = await tempDir();
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('VPP_DESK_API_URL', () => {
  it.each(['http://vpp.example.test/mdm/v2', 'https://collector.example/mdm/v2', 'http://192.0.2.10:8080/mdm/v2'])(
    '%s is refused before anything runs (exit 2)',
    async (url) => {
      const r = await runCli(['sync'], {
        VPP_DESK_HOME: home,
        VPP_DESK_API_URL: url,
        VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-config-${process.pid}`,
      });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('VPP_DESK_API_URL');
      expect(r.stderr).toContain(url);
      expect(await fs.readdir(home)).toEqual([]);
    },
  );
});
