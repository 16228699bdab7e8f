import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { redact, rememberSecret } from '../../../../electron/core/base';
import { CSV_BATCH_ROWS, csvSteps, toCsv } from '../../../../electron/core/views/csv';
import { inTurns, setSliceMs } from '../../../../electron/core/views/steps';
import { safeCsvCell } from '../../../../shared/csv-safe';

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

  it('in turns, batch by batch, gives the very CSV made at once: one header, every row, quoting and all', async () => {
    // A turn after every batch, whatever this machine's speed.
    const sliceMs = setSliceMs(0);
    onTestFinished(() => void setSliceMs(sliceMs));
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', '=1+1', ''));
    await fc.assert(
      fc.asyncProperty(
        // Rows from a few random ones, as many as 3,000: several batches with any cells at their edges.
        fc.array(fc.record({ a: cell, b: cell, n: fc.integer() }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 3000 }),
        async (kinds, length) => {
          const rows = Array.from({ length }, (_, i) => kinds[(i * 7) % kinds.length] as (typeof kinds)[number]);
          let turns = 0;
          const csv = await inTurns(csvSteps(rows, ['a', 'b', 'n']), async () => {
            turns++;
          });
          // The reference: every row's cells (formatted as toCsv formats them) stringified at once.
          const cellOf = (v: string | number) => (typeof v === 'number' ? String(v) : safeCsvCell(redact(v)));
          const whole = stringify(
            rows.map((r) => [cellOf(r.a), cellOf(r.b), cellOf(r.n)]),
            { header: true, columns: ['a', 'b', 'n'] },
          );
          expect(csv).toBe(whole);
          expect(toCsv(rows, ['a', 'b', 'n'])).toBe(whole);
          expect(turns).toBe(Math.max(0, Math.ceil(rows.length / CSV_BATCH_ROWS) - 1));
        },
      ),
      // No shrinking: a failing list of thousands of rows would shrink for minutes.
      { numRuns: 25, endOnFailure: true },
    );
  });
});
