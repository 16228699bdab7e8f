/**
 * User ids from what an admin has at hand: a pasted list (commas, spaces,
 * new lines) or a CSV/text file. In a CSV with a header row, the column
 * named like a user id is used; otherwise the first column.
 */
const MAX_ID_LENGTH = 256;
const ID_HEADERS = ['clientuserid', 'client_user_id', 'client user id', 'userid', 'user_id', 'user id', 'user', 'id'];

export interface ParsedIds {
  ids: string[];
  /** Entries dropped as too long or empty after trimming quotes. */
  invalid: number;
}

function clean(cell: string): string {
  return cell
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/""/g, '"')
    .trim();
}

function keep(values: string[]): ParsedIds {
  const ids: string[] = [];
  let invalid = 0;
  for (const raw of values) {
    const id = clean(raw);
    if (id === '') continue;
    if (id.length > MAX_ID_LENGTH) invalid++;
    else ids.push(id);
  }
  return { ids, invalid };
}

export function parsePastedIds(text: string): ParsedIds {
  return keep(text.split(/[\s,;]+/));
}

/** Splits one CSV line on commas (or semicolons/tabs), honouring double quotes. */
function splitCsvLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === sep && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export function parseIdFile(text: string): ParsedIds {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) return { ids: [], invalid: 0 };
  const sep = [',', ';', '\t'].find((s) => first.includes(s));
  // A one-column CSV has no separator, but may still start with its header.
  if (!sep) return keep(ID_HEADERS.includes(clean(first).toLowerCase()) ? lines.slice(1) : lines);
  const header = splitCsvLine(first, sep).map((h) => clean(h).toLowerCase());
  const column = header.findIndex((h) => ID_HEADERS.includes(h));
  const rows = column >= 0 ? lines.slice(1) : lines;
  return keep(rows.map((line) => splitCsvLine(line, sep)[Math.max(0, column)] ?? ''));
}

/** Adds new ids to a selection in order, counting the ones already there. */
export function mergeIds(current: string[], added: string[]): { ids: string[]; duplicates: number } {
  const seen = new Set(current);
  const ids = [...current];
  let duplicates = 0;
  for (const id of added) {
    if (seen.has(id)) duplicates++;
    else {
      seen.add(id);
      ids.push(id);
    }
  }
  return { ids, duplicates };
}
