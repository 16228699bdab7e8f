/**
 * A stand-in for Electron's download site on 127.0.0.1: serves a zip that
 * holds a tiny shell script named like Electron's binary (it writes a marker
 * file and exits) and a SHASUMS256.txt for it, at the paths @electron/get
 * asks for with ELECTRON_MIRROR and ELECTRON_CUSTOM_DIR. Also builds a copy
 * of the electron package, so fetching never touches the real node_modules.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import yazl from 'yazl';
import type { AddressInfo } from 'node:net';

export const CUSTOM_DIR = 'mirror-{{ version }}';

export interface ElectronMirror {
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** The executable's path inside the zip, as the electron package's install.js names it. */
export function platformPath(platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export async function standInZip(version: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const script = '#!/bin/sh\nprintf "stand-in electron %s\\n" "$*" > "$VPP_STANDIN_MARKER"\n';
  zip.addBuffer(Buffer.from(script), platformPath(), { mode: 0o100755 });
  zip.addBuffer(Buffer.from(`v${version}`), 'version');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Serves `files` (name → body) under /<customDir>/; anything else is a 404. */
export async function startMirror(version: string, files: Record<string, Buffer>): Promise<ElectronMirror> {
  const dir = `/${CUSTOM_DIR.replace('{{ version }}', version)}/`;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const body = url.startsWith(dir) ? files[url.slice(dir.length)] : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Never keeps the test process alive, whatever happens to the test.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function artifactName(version: string): string {
  return `electron-v${version}-${process.platform}-${process.arch}.zip`;
}

export function shasums(files: Record<string, Buffer>): Buffer {
  const lines = Object.entries(files).map(
    ([name, body]) => `${createHash('sha256').update(body).digest('hex')} *${name}`,
  );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * A copy of node_modules/electron (without dist/) under `into`, its own
 * dependencies linked from the real node_modules.
 */
export function copyElectronPackage(root: string, into: string): string {
  const real = path.join(root, 'node_modules');
  const modules = path.join(into, 'node_modules');
  const copy = path.join(modules, 'electron');
  fs.mkdirSync(copy, { recursive: true });
  for (const name of ['package.json', 'install.js', 'index.js', 'cli.js', 'checksums.json']) {
    fs.copyFileSync(path.join(real, 'electron', name), path.join(copy, name));
  }
  for (const scope of ['@electron', '@electron-internal']) {
    fs.symlinkSync(path.join(real, scope), path.join(modules, scope), 'junction');
  }
  return copy;
}
