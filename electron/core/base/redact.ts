/**
 * The one way out for strings: everything core stores, prints, logs, exports
 * or sends to the window passes `redact` (or `redactDeep`) first.
 *
 * The secret is the .vpptoken content. Apple, a proxy or anything in between
 * may quote it back in any shape: whole, inside the Authorization header,
 * URL-encoded, Base64-encoded, the inner token alone, or cut in pieces. So a
 * registered secret is expanded into all those forms, and any run of 15 or
 * more characters shared with one of them is removed, wherever it starts.
 * Anything that looks like a Bearer credential is removed even when the
 * secret itself is unknown (e.g. a CLI run that never read the keychain).
 *
 * The registry is process-wide on purpose: a secret known to any part of the
 * process (the token service, the Apple client, an upload in progress) must
 * be hidden from every exit (the store, dispatch, the CLI printer) without
 * wiring each of them to each other.
 */

export const REDACTED = '[redacted]';

/** Length of the windows looked up, and the step between looked-up positions. */
const WINDOW = 12;
const STEP = 4;
/** Any shared run at least this long is found: WINDOW + STEP - 1. */
export const MIN_FRAGMENT = WINDOW + STEP - 1;

/** Secrets shorter than this are not treated as secrets: they would redact ordinary words. */
const MIN_SECRET = 8;

const CREDENTIAL_HINT = /bearer|basic|authori[sz]ation|itvt/i;
const CREDENTIAL_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // "Bearer abc...", "Bearer%20abc...", "Bearer+abc..."
  [/\b(Bearer|Basic)(\s+|%20|\+)[A-Za-z0-9\-._~+/%=]{8,}/gi, `$1 ${REDACTED}`],
  // "Authorization: xyz" / "authorization=xyz" / JSON "authorization":"xyz" with any scheme
  [/(authori[sz]ation["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&]{8,}/gi, `$1${REDACTED}`],
  // Apple's content lookup cookie carries the token too.
  [/\b(itvt=)[^\s"',;&]{8,}/gi, `$1${REDACTED}`],
];
/**
 * The shortest text a pattern above removes anything from ("itvt=" and 8 more): shorter strings (ids, codes,
 * most of a listing's cells) skip the test, ~80,000 of them in a listing of 10,000 apps.
 */
const MIN_CREDENTIAL = 'itvt='.length + 8;

export class Redactor {
  private readonly known = new Set<string>();
  /** Every WINDOW-long substring of every form of every secret → the forms it occurs in. */
  private readonly windows = new Map<string, string[]>();

  /** Registers a secret (the token file content) and every form it can be quoted in. */
  add(secret: string | null | undefined): void {
    const s = secret?.trim();
    if (!s || s.length < MIN_SECRET || this.known.has(s)) return;
    this.known.add(s);
    for (const form of formsOf(s)) this.index(form);
  }

  private index(form: string): void {
    if (form.length < WINDOW) return;
    for (let i = 0; i + WINDOW <= form.length; i++) {
      const key = form.slice(i, i + WINDOW);
      const list = this.windows.get(key);
      if (!list) this.windows.set(key, [form]);
      else if (!list.includes(form)) list.push(form);
    }
  }

  redact(text: string): string {
    let out = text;
    if (this.windows.size > 0 && out.length >= MIN_FRAGMENT) out = this.removeFragments(out);
    if (out.length >= MIN_CREDENTIAL && CREDENTIAL_HINT.test(out)) {
      for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
    }
    return out;
  }

  /** Redacts every string inside a JSON-like value; returns the same value when nothing changed. */
  redactDeep<T>(value: T): T {
    return this.deep(value) as T;
  }

  /**
   * JSON.stringify of the value redactDeep gives, found faster when there is nothing to redact: with no secret
   * known, a string changes only when it holds a credential hint, and JSON leaves letters as they are, so a text
   * without one anywhere has no string to change (`apps --json` lists 10,000 apps: ~35 ms of walking saved).
   */
  stringify(value: unknown, space?: number): string {
    const text = JSON.stringify(value, null, space);
    if (this.windows.size === 0 && !CREDENTIAL_HINT.test(text)) return text;
    return JSON.stringify(this.deep(value), null, space);
  }

  // Plain indexed loops, no entries/forEach/for-of: every result the window or
  // the CLI gets passes here, a page of apps or a CLI listing holds thousands
  // of rows, and a CLI command runs this mostly before the JIT compiles it.
  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const list = value as unknown[];
      let copy: unknown[] | null = null;
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        const next = this.deep(item);
        if (next !== item) (copy ??= [...list])[i] = next;
      }
      return copy ?? value;
    }
    if (Object.getPrototypeOf(value) === Object.prototype) {
      const record = value as Record<string, unknown>;
      let copy: Record<string, unknown> | null = null;
      const keys = Object.keys(record);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        const item = record[key];
        const next = this.deep(item);
        if (next !== item) (copy ??= { ...record })[key] = next;
      }
      return copy ?? value;
    }
    return value;
  }

  /**
   * Looks up windows at every STEP-th position; a hit is extended both ways
   * as far as the text keeps matching that form. A shared run of
   * MIN_FRAGMENT characters always contains one looked-up window.
   */
  private removeFragments(text: string): string {
    const ranges: Array<[number, number]> = [];
    for (let p = 0; p + WINDOW <= text.length; p += STEP) {
      const window = text.slice(p, p + WINDOW);
      const forms = this.windows.get(window);
      if (!forms) continue;
      for (const form of forms) {
        for (let at = form.indexOf(window); at >= 0; at = form.indexOf(window, at + 1)) {
          let start = p;
          let end = p + WINDOW;
          while (start > 0 && at - (p - start) > 0 && text[start - 1] === form[at - (p - start) - 1]) start--;
          while (end < text.length && at + (end - p) < form.length && text[end] === form[at + (end - p)]) end++;
          ranges.push([start, end]);
        }
      }
    }
    if (ranges.length === 0) return text;
    ranges.sort((a, b) => a[0] - b[0]);
    let out = '';
    let from = 0;
    let cur: [number, number] | null = null;
    for (const r of ranges) {
      if (cur && r[0] <= cur[1]) cur[1] = Math.max(cur[1], r[1]);
      else {
        if (cur) {
          out += text.slice(from, cur[0]) + REDACTED;
          from = cur[1];
        }
        cur = [r[0], r[1]];
      }
    }
    if (cur) out += text.slice(from, cur[0]) + REDACTED + text.slice(cur[1]);
    return out;
  }
}

/** The shapes a token file's content can be quoted in. */
export function formsOf(secret: string): string[] {
  const bases = [secret, secret.replace(/\s+/g, '')];
  const inner = innerToken(secret);
  if (inner) bases.push(inner);
  const forms = new Set<string>();
  for (const base of bases) {
    forms.add(base);
    const encoded = encodeURIComponent(base);
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    forms.add(encodeURIComponent(encoded)); // encoded twice, as in a logged URL
    // Base64 depends on the byte offset the secret starts at: encode it at all three.
    for (let pad = 0; pad < 3; pad++) {
      const b64 = Buffer.from(' '.repeat(pad) + base, 'utf8').toString('base64');
      // The first 4 characters also encode the padding bytes; the rest is the secret's own.
      const own = pad === 0 ? b64 : b64.slice(4);
      forms.add(own);
      forms.add(own.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET);
}

/** The token inside a .vpptoken (Base64 JSON {token, ...}), when it decodes. */
function innerToken(content: string): string | null {
  try {
    const inner: unknown = JSON.parse(Buffer.from(content, 'base64').toString('utf8'));
    if (inner && typeof inner === 'object' && 'token' in inner && typeof inner.token === 'string') return inner.token;
  } catch {
    // Not a token file: the string itself is the only form.
  }
  return null;
}

/** The process's redactor (see the header comment for why there is one). */
export const redactor = new Redactor();

/** Registers the token file content (or any secret) for redaction everywhere in this process. */
export function rememberSecret(secret: string | null | undefined): void {
  redactor.add(secret);
}

export function redact(text: string): string {
  return redactor.redact(text);
}

export function redactDeep<T>(value: T): T {
  return redactor.redactDeep(value);
}

/** JSON text of the value with every string in it redacted (see Redactor.stringify). */
export function redactedJson(value: unknown, space?: number): string {
  return redactor.stringify(value, space);
}
