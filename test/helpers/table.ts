/**
 * Reads the CLI's human tables back by position: each column starts where its
 * header word does, so a row read this way yields the expected values only
 * when it is aligned under the header.
 */
export type TableRow = Record<string, string>;

export function readTable(lines: string[]): TableRow[] {
  const [header = '', ...rows] = lines;
  const columns = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index }));
  return rows.map((line) =>
    Object.fromEntries(
      columns.map((c, i) => [c.name, line.slice(c.start, columns[i + 1]?.start ?? line.length).trim()]),
    ),
  );
}

/** The table in a command's stdout, from its header line (the line starting with `firstHeader`) on. */
export function tableIn(stdout: string, firstHeader: string): TableRow[] {
  const lines = stdout.trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${firstHeader} `));
  if (at < 0) throw new Error(`no table with a "${firstHeader}" column in:\n${stdout}`);
  return readTable(lines.slice(at));
}

/** A date as the CLI prints it: "2026-11-30 14:05 UTC". */
export const UTC_MINUTE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;

/** How the CLI shows an ISO time, or (with `max`) a text cut to its column's cap. */
export function shownAs(value: string, max?: number): string {
  if (max !== undefined) return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
  const iso = new Date(value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
