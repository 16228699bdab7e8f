import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rememberSecret } from '../../../../electron/core/base';
import { toCsv } from '../../../../electron/core/views/csv';

const FORMULAS = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];

describe('toCsv', () => {
  it('neutralises every cell a spreadsheet would run as a formula (OWASP: leading single quote)', () => {
    const rows = FORMULAS.map((message) => ({ message }));
    const cells = (parse(toCsv(rows, ['message']), { from_line: 2 }) as string[][]).map((r) => r[0]);
    expect(cells).toEqual(FORMULAS.map((f) => `'${f}`));
  });

  it('keeps ordinary text and numbers as they are', () => {
    const csv = toCsv([{ name: 'Pages, for Mac', count: -1, ok: 'a=b' }], ['name', 'count', 'ok']);
    expect(csv).toBe('name,count,ok\n"Pages, for Mac",-1,a=b\n');
  });

  it('never writes the token, whatever form a cell quotes it in', () => {
    const content = Buffer.from(
      JSON.stringify({
        token: 'csv-test-inner-token-0123456789abcdef',
        expDate: '2030-01-01T00:00:00+0000',
        orgName: 'X',
      }),
    ).toString('base64');
    rememberSecret(content);
    const rows = [
      { reason: `Apple error 9602: header was Bearer ${content}` },
      { reason: `encoded ${encodeURIComponent(content)}` },
      { reason: `part ${content.slice(10, 40)}` },
    ];
    const csv = toCsv(rows, ['reason']);
    for (let i = 0; i + 15 <= content.length; i++) expect(csv).not.toContain(content.slice(i, i + 15));
    expect(csv).toContain('[redacted]');
  });
});
