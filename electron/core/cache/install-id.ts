/**
 * This install's identity towards Apple (the mdmInfo id we claim tokens
 * with). Kept in its own small file, not the cache, so a cache rebuilt after
 * corruption does not make our own token look like another product's.
 *
 * It is kept twice (install.json and install.backup.json): a damaged or
 * deleted install.json is restored from the copy. A new id is made only
 * when there is nothing to lose: on the first run, or when no token is
 * installed. With a token installed, a new id would make VPP Desk read its
 * own claim on the token as another product's and stop syncing, so the
 * caller gets null and must refuse Apple calls until the admin re-uploads
 * the token and confirms the take-over (create-core.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setAside } from './files';

const FILE = 'install.json';
const BACKUP = 'install.backup.json';

export interface InstallIdOptions {
  /** Asked only when the id is lost: is a token installed (cache or keychain)? */
  tokenInstalled?: () => Promise<boolean>;
  /** One sentence for the admin when the id was restored from its copy. */
  report?: (message: string) => void;
  now?: () => Date;
}

type Read = { kind: 'ok'; id: string } | { kind: 'missing' } | { kind: 'unreadable' };

async function readId(file: string): Promise<Read> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable' };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'installId' in parsed) {
      const id = parsed.installId;
      if (typeof id === 'string' && id.trim().length > 0) return { kind: 'ok', id };
    }
  } catch {
    // Not JSON: unreadable below.
  }
  return { kind: 'unreadable' };
}

/** Writes the id to both files (each atomically: temp file, then rename). */
export async function saveInstallId(dataDir: string, installId: string): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (const name of [FILE, BACKUP]) {
    const file = path.join(dataDir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ installId }), { mode: 0o600 });
    await fs.rename(tmp, file);
  }
}

/** The install id; null when it was lost while a token is installed (see above). */
export async function loadInstallId(dataDir: string, options: InstallIdOptions = {}): Promise<string | null> {
  const file = path.join(dataDir, FILE);
  const main = await readId(file);
  const backup = await readId(path.join(dataDir, BACKUP));
  if (main.kind === 'ok') {
    if (backup.kind !== 'ok' || backup.id !== main.id) await saveInstallId(dataDir, main.id);
    return main.id;
  }
  if (main.kind === 'unreadable') await setAside(file, options.now?.() ?? new Date());
  if (backup.kind === 'ok') {
    await saveInstallId(dataDir, backup.id);
    options.report?.(
      `VPP Desk's install identity (install.json) was ${main.kind === 'missing' ? 'missing' : 'unreadable'}; it was restored from its backup copy.`,
    );
    return backup.id;
  }
  // Nothing to restore from: a first run, unless a token says otherwise.
  if (options.tokenInstalled && (await options.tokenInstalled())) return null;
  const installId = randomUUID();
  await saveInstallId(dataDir, installId);
  return installId;
}
