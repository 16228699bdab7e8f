/**
 * User ids from what an admin has at hand: a pasted list (commas, spaces,
 * new lines) or a CSV/text file. Files are read by shared/user-id-file.ts,
 * the same parser the CLI uses: in a CSV with a header row, the column named
 * like a user id is used; otherwise the first column.
 */
import { MAX_ID_LENGTH, type ParsedIds } from '../../shared/user-id-file';

export { parseIdFile, MAX_USER_FILE_BYTES, UserFileError, type ParsedIds } from '../../shared/user-id-file';

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
