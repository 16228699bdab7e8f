// `npm start` on a machine that can download Electron: the binary is missing,
// start.mjs runs the electron package's install.js against a mirror on
// 127.0.0.1 (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, remote checksums), with a
// throw-away cache and a copy of the electron package, then launches what it
// fetched: here a stand-in script that leaves a marker file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary, electronVersion, ensureElectron } from '../../scripts/electron-fetch.mjs';
import { startApp } from '../../scripts/start.mjs';
import {
  artifactName,
  copyElectronPackage,
  CUSTOM_DIR,
  shasums,
  standInZip,
  startMirror,
  type ElectronMirror,
} from '../helpers/electron-mirror';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '../..');
const version = electronVersion(path.join(root, 'node_modules', 'electron'));

/** Collects what the fetch prints instead of writing to the test's stdout. */
function sink(): { write(s: string): boolean; text(): string } {
  let text = '';
  return {
    write: (s: string) => {
      text += s;
      return true;
    },
    text: () => text,
  };
}

// The stand-in binary is a shell script: no Windows here.
describe.skipIf(process.platform === 'win32')(
  'Electron fetched from a mirror (skipped on Windows: the stand-in binary is a shell script)',
  () => {
    let dir: string;
    let electronDir: string;
    let mirror: ElectronMirror | undefined;
    let env: NodeJS.ProcessEnv;

    beforeEach(async () => {
      dir = await tempDir('vpp-desk-electron-fetch-');
      electronDir = copyElectronPackage(root, dir);
      const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, ...rest } = process.env;
      env = {
        ...rest,
        ELECTRON_CUSTOM_DIR: CUSTOM_DIR,
        electron_use_remote_checksums: '1',
        electron_config_cache: path.join(dir, 'cache'),
        VPP_STANDIN_MARKER: path.join(dir, 'launched.txt'),
      };
    });

    afterEach(async () => {
      await mirror?.close();
      mirror = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    async function serve(files: Record<string, Buffer>): Promise<void> {
      mirror = await startMirror(version, files);
      env.ELECTRON_MIRROR = mirror.url;
    }

    it('start.mjs fetches the missing binary and launches it', async () => {
      const zip = await standInZip(version);
      const files = { [artifactName(version)]: zip };
      await serve({ ...files, 'SHASUMS256.txt': shasums(files) });
      expect(electronBinary(electronDir)).toBeNull();
      const realBefore = electronBinary();

      const app = await startApp({ env, electronDir });
      expect(app.kind).toBe('electron');
      expect(await app.exited).toBe(0);

      // The stand-in ran, with the app's entry point as its argument.
      const launched = fs.readFileSync(path.join(dir, 'launched.txt'), 'utf8');
      expect(launched).toBe(`stand-in electron ${path.join(root, 'dist', 'main.cjs')}\n`);
      expect(electronBinary(electronDir)).toBe(path.join(electronDir, 'dist', 'electron'));
      // Fetched through the mirror, checked against its SHASUMS256.txt, kept in the throw-away cache.
      const dirPath = `/${CUSTOM_DIR.replace('{{ version }}', version)}/`;
      expect(mirror?.requests).toEqual(
        expect.arrayContaining([`${dirPath}${artifactName(version)}`, `${dirPath}SHASUMS256.txt`]),
      );
      const cached = fs.readdirSync(path.join(dir, 'cache'), { recursive: true }).map(String);
      expect(cached.some((f) => f.endsWith(artifactName(version)))).toBe(true);
      // The real package was not touched.
      expect(electronBinary()).toBe(realBefore);
    });

    it('a second start finds the binary and asks the mirror for nothing', async () => {
      const zip = await standInZip(version);
      const files = { [artifactName(version)]: zip };
      await serve({ ...files, 'SHASUMS256.txt': shasums(files) });
      const out = sink();
      expect((await ensureElectron({ env, electronDir, out })).bin).not.toBeNull();
      const asked = mirror?.requests.length;
      expect(await ensureElectron({ env, electronDir, out })).toEqual({
        bin: path.join(electronDir, 'dist', 'electron'),
      });
      expect(mirror?.requests.length).toBe(asked);
      expect(out.text()).toContain(`Fetching Electron ${version}`);
    });

    it('a zip that does not match the checksums is refused with the reason', async () => {
      const zip = await standInZip(version);
      await serve({
        [artifactName(version)]: zip,
        'SHASUMS256.txt': shasums({ [artifactName(version)]: Buffer.from('something else') }),
      });
      const result = await ensureElectron({ env, electronDir, out: sink() });
      expect(result.bin).toBeNull();
      expect(result.reason).toMatch(/checksum|sha/i);
      expect(electronBinary(electronDir)).toBeNull();
    });

    it('a mirror without the file gives a one-line reason', async () => {
      await serve({});
      const result = await ensureElectron({ env, electronDir, out: sink() });
      expect(result).toEqual({ bin: null, reason: expect.stringMatching(/404/) });
    });

    it('ELECTRON_SKIP_BINARY_DOWNLOAD=1 asks nobody', async () => {
      await serve({});
      const result = await ensureElectron({
        env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
        electronDir,
        out: sink(),
      });
      expect(result).toEqual({ bin: null, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set' });
      expect(mirror?.requests).toEqual([]);
    });
  },
);
