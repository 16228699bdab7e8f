import { describe, expect, it } from 'vitest';
import { parseIdFile as rendererParse } from '../../../renderer/lib/parse-user-ids';
import { parseIdFile, UserFileError } from '../../../shared/user-id-file';

function refusal(text: string): UserFileError {
  try {
    parseIdFile(text);
  } catch (err) {
    if (err instanceof UserFileError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('parseIdFile', () => {
  it('recognises a header row by its column names, not only an id column', () => {
    expect(parseIdFile('email,name\nuser-1@example.com,Ann\nuser-2@example.com,Bob\n').ids).toEqual([
      'user-1@example.com',
      'user-2@example.com',
    ]);
    expect(parseIdFile('Email;Name\na@x;Ann\n').ids).toEqual(['a@x']);
  });

  it('keeps a quoted cell with a comma as one field, in any column', () => {
    expect(parseIdFile('"Smith, John",x\n"Doe, Jane",y\n').ids).toEqual(['Smith, John', 'Doe, Jane']);
    expect(parseIdFile('name,clientUserId\n"Smith, John",user-1\n').ids).toEqual(['user-1']);
    expect(parseIdFile('clientUserId,name\n"a ""quoted"" id","Smith, John"\n').ids).toEqual(['a "quoted" id']);
  });

  it('reads a quoted cell that spans lines as one field', () => {
    expect(parseIdFile('clientUserId,note\nuser-1,"two\nlines"\nuser-2,x\n').ids).toEqual(['user-1', 'user-2']);
  });

  it('ignores a byte-order mark', () => {
    expect(parseIdFile('\uFEFFclientUserId\nuser-1\n').ids).toEqual(['user-1']);
  });

  it.each([
    ['\u200B', 'U+200B'],
    ['\u200D', 'U+200D'],
    ['\u2060', 'U+2060'],
    ['\u202E', 'U+202E'],
    ['\u00AD', 'U+00AD'],
    ['\uFEFF', 'U+FEFF'],
    ['\u0007', 'U+0007'],
  ])('refuses an invisible character (%j) and names its line', (ch, code) => {
    const err = refusal(`clientUserId\nuser-1\nuser${ch}-2\nuser-3\n`);
    expect(err.line).toBe(3);
    expect(err.message).toContain('Line 3');
    expect(err.message).toContain(code);
  });

  it('is the parser the window uses', () => {
    const text = 'email,name\n"Smith, John",Ann\nb@x,Bob\n';
    expect(rendererParse(text)).toEqual(parseIdFile(text));
  });
});
