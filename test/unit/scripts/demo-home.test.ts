// The demo's data folder: VPP_DESK_HOME or a per-user folder outside the
// checkout; emptied only when the demo created it and no live demo uses it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimDemoHome,
  exportLine,
  inspect,
  keychainServiceFor,
  MARKER,
  releaseDemoHome,
  userDataRoot,
} from '../../../scripts/demo-home.mjs';
import { tempDir } from '../../helpers/tmp';

/** A pid no process has any more. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('demo data folder', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const otherLivePid = process.ppid;

  beforeEach(async () => {
    dir = await tempDir('vpp-desk-demo-home-');
    env = { XDG_DATA_HOME: dir };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is a per-user folder outside the checkout by default, marked as the demo’s', () => {
    const { home } = claimDemoHome({ env, platform: 'linux' });
    expect(home).toBe(path.join(dir, 'vpp-desk-demo'));
    expect(home.startsWith(path.resolve(__dirname, '../../..'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(home, MARKER), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('uses ~/.local/share, Application Support or LOCALAPPDATA', () => {
    expect(userDataRoot({}, 'linux')).toMatch(/\.local[\\/]share$/);
    expect(userDataRoot({}, 'darwin')).toMatch(/Library[\\/]Application Support$/);
    expect(userDataRoot({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toBe(
      'C:\\Users\\a\\AppData\\Local',
    );
  });

  it('a second demo running at the same time gets its own folder and keychain entry', () => {
    const first = claimDemoHome({ env, platform: 'linux', pid: otherLivePid });
    fs.writeFileSync(path.join(first.home, 'cache.json'), '{}');
    const second = claimDemoHome({ env, platform: 'linux', pid: process.pid });
    expect(second.home).toBe(path.join(dir, 'vpp-desk-demo-2'));
    expect(second.keychainService).not.toBe(first.keychainService);
    expect(fs.readFileSync(path.join(first.home, 'cache.json'), 'utf8')).toBe('{}');
  });

  it('a finished demo’s folder is emptied and reused', () => {
    const first = claimDemoHome({ env, platform: 'linux' });
    fs.writeFileSync(path.join(first.home, 'cache.json'), '{}');
    releaseDemoHome(first.home);
    const again = claimDemoHome({ env, platform: 'linux' });
    expect(again.home).toBe(first.home);
    expect(fs.readdirSync(again.home)).toEqual([MARKER]);
  });

  it('a crashed demo’s folder (its process gone) is reused', () => {
    const crashed = claimDemoHome({ env, platform: 'linux', pid: deadPid() });
    expect(inspect(crashed.home)).toBe('usable');
    expect(claimDemoHome({ env, platform: 'linux' }).home).toBe(crashed.home);
  });

  it('skips a default folder holding data the demo did not create', () => {
    const foreign = path.join(dir, 'vpp-desk-demo');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'mine.txt'), 'keep');
    expect(claimDemoHome({ env, platform: 'linux' }).home).toBe(path.join(dir, 'vpp-desk-demo-2'));
    expect(fs.readFileSync(path.join(foreign, 'mine.txt'), 'utf8')).toBe('keep');
  });

  describe('with VPP_DESK_HOME', () => {
    it('uses it (new or empty) and honours VPP_DESK_KEYCHAIN_SERVICE', () => {
      const home = path.join(dir, 'chosen');
      const claim = claimDemoHome({ env: { VPP_DESK_HOME: home, VPP_DESK_KEYCHAIN_SERVICE: 'svc' } });
      expect(claim).toEqual({ home, keychainService: 'svc' });
      expect(fs.existsSync(path.join(home, MARKER))).toBe(true);
    });

    it('refuses a folder with data the demo did not create, touching nothing', () => {
      const home = path.join(dir, 'real-data');
      fs.mkdirSync(home);
      fs.writeFileSync(path.join(home, 'cache.json'), 'real');
      expect(() => claimDemoHome({ env: { VPP_DESK_HOME: home } })).toThrow(/did not create/);
      expect(fs.readdirSync(home)).toEqual(['cache.json']);
    });

    it('refuses a folder a running demo uses', () => {
      const home = path.join(dir, 'busy');
      claimDemoHome({ env: { VPP_DESK_HOME: home }, pid: otherLivePid });
      fs.writeFileSync(path.join(home, 'cache.json'), '{}');
      expect(() => claimDemoHome({ env: { VPP_DESK_HOME: home } })).toThrow(/in use by another running demo/);
      expect(fs.existsSync(path.join(home, 'cache.json'))).toBe(true);
    });
  });

  it('prints the environment the CLI needs, quoted for the shell', () => {
    const line = exportLine({
      home: "/tmp/it's here",
      apiUrl: 'http://127.0.0.1:5/mdm/v2',
      keychainService: 'VPP Desk Demo 1',
    });
    expect(line).toBe(
      `export VPP_DESK_HOME='/tmp/it'\\''s here' VPP_DESK_API_URL='http://127.0.0.1:5/mdm/v2' VPP_DESK_KEYCHAIN_SERVICE='VPP Desk Demo 1'`,
    );
    const echoed = spawnSync('sh', ['-c', `${line}; printf %s "$VPP_DESK_HOME"`]).stdout.toString();
    expect(echoed).toBe("/tmp/it's here");
    expect(keychainServiceFor('/a')).not.toBe(keychainServiceFor('/b'));
  });
});
