/**
 * This install's identity towards Apple (the mdmInfo id we claim tokens
 * with). Kept in its own small file, not the cache, so a cache rebuilt after
 * corruption does not make our own token look like another product's.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const FILE = 'install.json';

export async function loadInstallId(dataDir: string): Promise<string> {
  const file = path.join(dataDir, FILE);
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'installId' in parsed &&
      typeof parsed.installId === 'string'
    ) {
      return parsed.installId;
    }
  } catch {
    // Missing or unreadable: make a new one below.
  }
  const installId = randomUUID();
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(file, JSON.stringify({ installId }), { mode: 0o600 });
  return installId;
}
