import { describe, expect, it } from 'vitest';
import { mergeIds, parseIdFile, parsePastedIds } from '../../../renderer/lib/parse-user-ids';

const LONGEST = 'u'.repeat(256);
const TOO_LONG = 'u'.repeat(257);

describe('parsePastedIds', () => {
  it('splits on commas, semicolons, spaces, tabs and new lines (CRLF too), in order', () => {
    const text = 'user-1, user-2;user-3\tuser-4\nuser-5\r\nuser-6   user-7';
    expect(parsePastedIds(text)).toEqual({
      ids: ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6', 'user-7'],
      invalid: 0,
    });
  });

  it('ignores empty entries from leading, trailing and repeated separators', () => {
    expect(parsePastedIds('\n ,,user-1,, ;\n\nuser-2,\n')).toEqual({ ids: ['user-1', 'user-2'], invalid: 0 });
    expect(parsePastedIds('  \n\t ')).toEqual({ ids: [], invalid: 0 });
  });

  it('strips the double quotes a spreadsheet puts around a cell, and unescapes doubled quotes', () => {
    expect(parsePastedIds('"user-1","user-2"\n"o""brien"').ids).toEqual(['user-1', 'user-2', 'o"brien']);
  });

  it('drops a quoted empty cell without counting it as too long', () => {
    expect(parsePastedIds('"", user-1')).toEqual({ ids: ['user-1'], invalid: 0 });
  });

  it('keeps duplicates for mergeIds to count', () => {
    expect(parsePastedIds('user-1 user-1 user-2').ids).toEqual(['user-1', 'user-1', 'user-2']);
  });

  it('counts ids longer than 256 characters as invalid and keeps one of exactly 256', () => {
    expect(parsePastedIds(`${TOO_LONG}\n${LONGEST}\nuser-1`)).toEqual({ ids: [LONGEST, 'user-1'], invalid: 1 });
  });
});

describe('parseIdFile', () => {
  it('reads a text file with one id per line, trimming and skipping blank lines', () => {
    expect(parseIdFile('user-1\n\n  user-2  \r\nuser-3\n')).toEqual({
      ids: ['user-1', 'user-2', 'user-3'],
      invalid: 0,
    });
  });

  it('returns nothing for an empty or blank file', () => {
    expect(parseIdFile('')).toEqual({ ids: [], invalid: 0 });
    expect(parseIdFile('\n  \r\n')).toEqual({ ids: [], invalid: 0 });
  });

  it('uses the clientUserId column of a CSV and skips its header row', () => {
    const csv = 'email,clientUserId,name\na@example.com,user-1,Ann\nb@example.com,user-2,Bob\n';
    expect(parseIdFile(csv)).toEqual({ ids: ['user-1', 'user-2'], invalid: 0 });
  });

  it.each([
    ['clientUserId'],
    ['ClientUserID'],
    ['client_user_id'],
    ['Client User ID'],
    ['userId'],
    ['user_id'],
    ['User ID'],
    ['user'],
    ['ID'],
    ['"clientUserId"'],
    [' clientUserId '],
  ])('recognises the header %j as the id column', (header) => {
    expect(parseIdFile(`name,${header}\nAnn,user-1\n`).ids).toEqual(['user-1']);
  });

  it('skips the header of a single-column CSV instead of selecting a user called "clientUserId"', () => {
    expect(parseIdFile('clientUserId\nuser-1\nuser-2\n')).toEqual({ ids: ['user-1', 'user-2'], invalid: 0 });
    expect(parseIdFile('"Client User ID"\r\nuser-1\r\n').ids).toEqual(['user-1']);
  });

  it('uses the first column, header included, when no header names a user id', () => {
    // No header to recognise: the first line may well be data.
    expect(parseIdFile('user-1,Ann\nuser-2,Bob\n').ids).toEqual(['user-1', 'user-2']);
  });

  it('honours quoted cells, so a comma inside a name does not shift the id column', () => {
    const csv = 'name,clientUserId\n"Doe, Jane",user-1\n"O""Brien, Pat","user-2"\n';
    expect(parseIdFile(csv).ids).toEqual(['user-1', 'user-2']);
  });

  it('accepts semicolon- and tab-separated files (spreadsheets in other locales)', () => {
    expect(parseIdFile('name;clientUserId\nAnn;user-1\n').ids).toEqual(['user-1']);
    expect(parseIdFile('name\tclientUserId\nAnn\tuser-2\n').ids).toEqual(['user-2']);
  });

  it('ignores a UTF-8 byte-order mark before the header (Excel writes one)', () => {
    expect(parseIdFile('\uFEFFclientUserId,email\nuser-1,a@example.com\n').ids).toEqual(['user-1']);
  });

  it('skips rows whose id cell is empty or missing, and counts ids that are too long', () => {
    const csv = `email,clientUserId\na@example.com,\nb@example.com\nc@example.com,${TOO_LONG}\nd@example.com,user-4\n`;
    expect(parseIdFile(csv)).toEqual({ ids: ['user-4'], invalid: 1 });
  });
});

describe('mergeIds', () => {
  it('appends new ids in order after the current selection', () => {
    expect(mergeIds(['user-1'], ['user-2', 'user-3'])).toEqual({ ids: ['user-1', 'user-2', 'user-3'], duplicates: 0 });
  });

  it('counts ids already selected and repeats within what was added, adding each id once', () => {
    expect(mergeIds(['user-1', 'user-2'], ['user-2', 'user-3', 'user-3', 'user-1', 'user-4'])).toEqual({
      ids: ['user-1', 'user-2', 'user-3', 'user-4'],
      duplicates: 3,
    });
  });

  it('does not change the selection it was given', () => {
    const current = ['user-1'];
    mergeIds(current, ['user-2']);
    expect(current).toEqual(['user-1']);
  });

  it('compares ids exactly, without folding case', () => {
    expect(mergeIds(['User-1'], ['user-1']).ids).toEqual(['User-1', 'user-1']);
  });
});
