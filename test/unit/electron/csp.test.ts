import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function cspOf(file: string): Map<string, string[]> {
  const html = readFileSync(file, 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(match, 'the page has a CSP meta tag').not.toBeNull();
  const directives = new Map<string, string[]>();
  for (const part of (match?.[1] ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

describe('renderer Content-Security-Policy', () => {
  const csp = cspOf(path.resolve('renderer', 'index.html'));

  it("denies by default (default-src 'none')", () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  it('allows only our own scripts: no inline, no eval, no remote', () => {
    const scripts = csp.get('script-src') ?? [];
    expect(scripts).toEqual(["'self'"]);
    expect(scripts.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('keeps styles, connections, frames and forms locked down', () => {
    expect(csp.get('style-src') ?? []).not.toContain("'unsafe-inline'");
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src') ?? csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });
});
