// The diagnostics log: one redacted line per event, size-capped with a few old files kept.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE, REDACTED, rememberSecret, RotatingLog } from '../../../../electron/core/base';
import { tempDir } from '../../../helpers/tmp';

const clock = { now: () => new Date('2026-05-01T10:00:00.000Z'), sleep: async () => {} };

describe('RotatingLog', () => {
  let home: string;
  let dir: string;

  beforeEach(async () => {
    home = await tempDir('vpp-desk-log-');
    dir = path.join(home, 'logs');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const read = (name = LOG_FILE) => fs.readFileSync(path.join(dir, name), 'utf8');

  it('writes one line per event with time, level and source', () => {
    const log = new RotatingLog({ dir, source: 'cli', clock });
    log.info('sync done');
    log.warn('slow');
    expect(read()).toBe('2026-05-01T10:00:00.000Z INFO [cli] sync done\n2026-05-01T10:00:00.000Z WARN [cli] slow\n');
  });

  it('keeps an error with its stack on one line', () => {
    const log = new RotatingLog({ dir, source: 'electron', clock });
    log.error('start failed:', new Error('boom'));
    const lines = read().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR \[electron\] start failed: Error: boom \| at /);
  });

  it('passes every line through the redaction it is given', () => {
    const log = new RotatingLog({ dir, source: 'cli', clock, redact: (s) => s.replaceAll('secret', '***') });
    log.info('a secret', { detail: 'another secret' });
    expect(read()).not.toContain('secret');
    expect(read()).toContain('a *** {"detail":"another ***"}');
  });

  it('redacts the token by default, in any form core knows', () => {
    const token = Buffer.from(JSON.stringify({ token: 'tok-0123456789abcdefghij', expDate: 'x' })).toString('base64');
    rememberSecret(token);
    const log = new RotatingLog({ dir, source: 'cli', clock });
    log.error(`Apple said: bad token ${token} (Authorization: Bearer ${token})`);
    expect(read()).not.toContain(token);
    expect(read()).not.toContain(token.slice(10, 30));
    expect(read()).toContain(REDACTED);
  });

  it('rotates past the size cap and keeps only `keep` old files', () => {
    const log = new RotatingLog({ dir, source: 'cli', clock, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 20; i++) log.info(`line ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`);
    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(['vpp-desk.1.log', 'vpp-desk.2.log', 'vpp-desk.log']);
    for (const name of names) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(200);
    // Newest in the current file, the one before in .1; the oldest are gone.
    expect(read()).toContain('line 19');
    expect(read('vpp-desk.1.log')).not.toContain('line 19');
    expect(
      fs
        .readdirSync(dir)
        .map((n) => read(n))
        .join(''),
    ).not.toContain('line 00');
    expect(log.files().map((f) => path.basename(f))).toEqual(['vpp-desk.log', 'vpp-desk.1.log', 'vpp-desk.2.log']);
  });

  it('never creates a data folder that does not exist, and never throws', () => {
    const log = new RotatingLog({ dir: path.join(home, 'missing', 'logs'), source: 'cli', clock });
    expect(() => log.info('lost')).not.toThrow();
    expect(fs.existsSync(path.join(home, 'missing'))).toBe(false);
  });
});
