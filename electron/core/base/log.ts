/**
 * The diagnostics log: one line per event in <data folder>/logs/vpp-desk.log,
 * for support. Size-capped: past `maxBytes` the file becomes vpp-desk.1.log
 * (the older ones shift up) and only `keep` old files are kept. Every line
 * goes through `redact` first, so the token can never reach the file.
 *
 * Writes are synchronous appends of whole lines: the app, the CLI and the
 * preview host may share the folder, and an append of one line from each
 * stays whole; a log call is rare enough that it never slows anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from './clock';
import { redact as redactSecrets } from './redact';

export const LOG_DIR = 'logs';
export const LOG_FILE = 'vpp-desk.log';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogOptions {
  /** The folder of the log files (normally <data folder>/logs). */
  dir: string;
  /** Who writes: 'electron', 'cli' or 'preview'. */
  source: string;
  maxBytes?: number;
  /** How many rotated files are kept besides the current one. */
  keep?: number;
  redact?: (text: string) => string;
  clock?: Clock;
}

export class RotatingLog {
  readonly dir: string;
  private readonly source: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly redact: (text: string) => string;
  private readonly clock: Clock;

  constructor(options: LogOptions) {
    this.dir = options.dir;
    this.source = options.source;
    this.maxBytes = options.maxBytes ?? 1_000_000;
    this.keep = options.keep ?? 4;
    this.redact = options.redact ?? redactSecrets;
    this.clock = options.clock ?? systemClock;
  }

  get file(): string {
    return path.join(this.dir, LOG_FILE);
  }

  info(message: string, detail?: unknown): void {
    this.write('info', message, detail);
  }

  warn(message: string, detail?: unknown): void {
    this.write('warn', message, detail);
  }

  error(message: string, detail?: unknown): void {
    this.write('error', message, detail);
  }

  write(level: LogLevel, message: string, detail?: unknown): void {
    const text = detail === undefined ? message : `${message} ${describe(detail)}`;
    // One event, one line: a stack's newlines would split it.
    const oneLine = text.replace(/\r?\n\s*/g, ' | ');
    const line = `${this.clock.now().toISOString()} ${level.toUpperCase()} [${this.source}] ${this.redact(oneLine)}\n`;
    try {
      // Only logs/ itself: the data folder is core's to create, and a log
      // must never conjure one up where no data folder exists.
      if (!fs.existsSync(this.dir)) fs.mkdirSync(this.dir);
      this.rotateFor(Buffer.byteLength(line));
      fs.appendFileSync(this.file, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written (no data folder yet, read-only folder,
      // full disk) must never break what is being logged: the line is lost.
    }
  }

  /** The log files, newest first (current, then .1, .2, ...). */
  files(): string[] {
    const all = [LOG_FILE, ...Array.from({ length: this.keep }, (_, i) => rotatedName(i + 1))];
    return all.map((name) => path.join(this.dir, name)).filter((file) => fs.existsSync(file));
  }

  private rotateFor(incoming: number): void {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return;
    }
    if (size + incoming <= this.maxBytes) return;
    fs.rmSync(path.join(this.dir, rotatedName(this.keep)), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = path.join(this.dir, rotatedName(i));
      if (fs.existsSync(from)) fs.renameSync(from, path.join(this.dir, rotatedName(i + 1)));
    }
    if (this.keep >= 1) fs.renameSync(this.file, path.join(this.dir, rotatedName(1)));
    else fs.rmSync(this.file, { force: true });
  }
}

function rotatedName(n: number): string {
  return LOG_FILE.replace(/\.log$/, `.${n}.log`);
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
