import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor, REDACTED } from '../../../../electron/core/base';

function tokenFile(): { content: string; inner: string } {
  const inner = randomBytes(48).toString('base64');
  const json = JSON.stringify({ token: inner, expDate: '2030-01-01T00:00:00+0000', orgName: 'Example School' });
  return { content: Buffer.from(json, 'utf8').toString('base64'), inner };
}

function setup(): { r: Redactor; content: string; inner: string } {
  const { content, inner } = tokenFile();
  const r = new Redactor();
  r.add(content);
  return { r, content, inner };
}

/** True when any run of `n` characters of `secret` survives in `text`. */
function leaks(text: string, secret: string, n = 15): boolean {
  for (let i = 0; i + n <= secret.length; i++) if (text.includes(secret.slice(i, i + n))) return true;
  return false;
}

describe('Redactor', () => {
  it('removes the whole file content and the Authorization header value', () => {
    const { r, content } = setup();
    const out = r.redact(`Rejected header Authorization: Bearer ${content} for this request.`);
    expect(out).not.toContain(content);
    expect(leaks(out, content)).toBe(false);
    expect(out).toContain('Rejected header');
    expect(out).toContain('for this request.');
    expect(out).toContain(REDACTED);
  });

  it('removes the inner token', () => {
    const { r, inner } = setup();
    const out = r.redact(`token=${inner}`);
    expect(leaks(out, inner)).toBe(false);
  });

  it('removes URL-encoded forms, upper- and lower-case', () => {
    const { r, content } = setup();
    const upper = encodeURIComponent(`Bearer ${content}`);
    const lower = upper.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    for (const text of [`q=${upper}`, `q=${lower}`]) {
      const out = r.redact(text);
      expect(leaks(out, encodeURIComponent(content))).toBe(false);
      expect(leaks(out, content)).toBe(false);
    }
  });

  it('removes Base64-encoded forms at any byte offset', () => {
    const { r, content, inner } = setup();
    for (const prefix of ['', 'a', 'ab', 'Authorization: Bearer ']) {
      for (const secret of [content, inner]) {
        const b64 = Buffer.from(prefix + secret).toString('base64');
        const out = r.redact(`blob ${b64} end`);
        // The characters that encode the secret's own bytes (not the prefix's, not the padding).
        const own = b64.slice(Math.ceil((prefix.length + 1) / 3) * 4, -4);
        expect(leaks(out, own, 20)).toBe(false);
      }
    }
  });

  it('removes any fragment of 15 characters or more, wherever it starts', () => {
    const { r, content } = setup();
    for (let start = 0; start < 20; start++) {
      const part = content.slice(start, start + 15);
      const out = r.redact(`quoted <${part}> here`);
      expect(out).toBe(`quoted <${REDACTED}> here`);
    }
  });

  it('removes Bearer credentials it was never told about', () => {
    const r = new Redactor();
    expect(r.redact('Authorization: Bearer abcdefghijklmnop')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.redact('header=Bearer%20abcdefghijklmnop')).toBe(`header=Bearer ${REDACTED}`);
    expect(r.redact('{"authorization":"xyzxyzxyzxyz"}')).toBe(`{"authorization":"${REDACTED}"}`);
    expect(r.redact('Cookie: itvt=abcdefghijkl')).toBe(`Cookie: itvt=${REDACTED}`);
    // The shortest texts a pattern matches: however short a string, a credential in it goes.
    expect(r.redact('itvt=abcdefgh')).toBe(`itvt=${REDACTED}`);
    expect(r.redact('Basic abcdefgh')).toBe(`Basic ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    const { r } = setup();
    const text = 'Apple error 9602: Invalid argument. The users alice@example.com and bob failed.';
    expect(r.redact(text)).toBe(text);
  });

  it('redacts strings inside nested values and keeps untouched values as they are', () => {
    const { r, content } = setup();
    const clean = { a: 'x', n: 1 };
    const value = { rows: [{ reason: `Bearer ${content}` }, clean], total: 2 };
    const out = r.redactDeep(value);
    expect(JSON.stringify(out)).not.toContain(content.slice(0, 20));
    expect(out.rows[1]).toBe(clean);
    expect(out.total).toBe(2);
  });

  it('stringify gives the JSON of redactDeep, with or without a secret known and a credential in the value', () => {
    const { r, content } = setup();
    const bare = new Redactor();
    const values = [
      { rows: [{ name: 'Pages', n: 1 }], note: null },
      { rows: [{ reason: 'Apple said: Authorization: Bearer abcdefgh12345678' }] },
      { rows: [{ reason: `quoted ${content.slice(3, 40)} back` }] },
      ['basic', { deep: [{ itvt: 'itvt=abcdefghijk' }] }],
    ];
    for (const v of values)
      for (const red of [r, bare]) expect(red.stringify(v, 2)).toBe(JSON.stringify(red.redactDeep(v), null, 2));
    expect(bare.stringify(values[1])).not.toContain('abcdefgh12345678');
    expect(r.stringify(values[2])).not.toContain(content.slice(3, 40));
  });
});
