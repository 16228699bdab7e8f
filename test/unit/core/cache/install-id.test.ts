// The install id survives a damaged install.json, and is never silently
// replaced while a token is installed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstallId } from '../../../../electron/core/cache/install-id';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const tokenInstalled = async () => true;
const noToken = async () => false;

describe('loadInstallId', () => {
  it('makes one on the first run and keeps it', async () => {
    const home = await dir();
    const id = await loadInstallId(home, { tokenInstalled: noToken });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await loadInstallId(home, { tokenInstalled })).toBe(id);
  });

  it.each([
    ['damaged', (file: string) => fs.writeFile(file, '{"installId": ')],
    ['emptied', (file: string) => fs.writeFile(file, '')],
    ['deleted', (file: string) => fs.rm(file)],
  ])('restores a %s install.json from its copy and says so', async (how, damage) => {
    const home = await dir();
    const id = await loadInstallId(home, { tokenInstalled: noToken });
    await damage(path.join(home, 'install.json'));
    const said: string[] = [];
    expect(await loadInstallId(home, { tokenInstalled, report: (m) => said.push(m) })).toBe(id);
    expect(said).toEqual([
      expect.stringMatching(/install identity \(install\.json\) was .*restored from its backup copy/),
    ]);
    expect(JSON.parse(await fs.readFile(path.join(home, 'install.json'), 'utf8'))).toEqual({ installId: id });
    if (how === 'damaged')
      expect((await fs.readdir(home)).some((f) => f.startsWith('install.json.corrupt-'))).toBe(true);
  });

  it('refuses to invent a new id while a token is installed when nothing can be recovered', async () => {
    const home = await dir();
    await loadInstallId(home, { tokenInstalled: noToken });
    await fs.writeFile(path.join(home, 'install.json'), 'garbage');
    await fs.writeFile(path.join(home, 'install.backup.json'), 'garbage');
    expect(await loadInstallId(home, { tokenInstalled })).toBeNull();
    expect(await fs.readdir(home)).not.toContain('install.json');
  });

  it('makes a new id when nothing can be recovered and no token is installed', async () => {
    const home = await dir();
    const old = await loadInstallId(home, { tokenInstalled: noToken });
    await fs.writeFile(path.join(home, 'install.json'), 'garbage');
    await fs.rm(path.join(home, 'install.backup.json'));
    const id = await loadInstallId(home, { tokenInstalled: noToken });
    expect(id).not.toBe(old);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
