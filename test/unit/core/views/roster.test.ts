// Roster files: header recognised by column names, or values classified by their look.
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../../../electron/core/views/roster';
import { VppError } from '../../../../shared/errors';
import { NOW } from '../../../helpers/cache';

describe('parseRoster', () => {
  it('reads only the recognised columns of a header row', () => {
    const r = parseRoster(
      'Name,Client User ID,E-mail,Serial Number,Department\nAva,ava.s,Ava@Example.edu,c02abc123456,Maths\nBen,,ben@example.edu,,Art\n',
      'staff.csv',
      NOW,
    );
    expect(r).toEqual({
      fileName: 'staff.csv',
      loadedAt: NOW,
      clientUserIds: ['ava.s'],
      emails: ['ava@example.edu', 'ben@example.edu'],
      serialNumbers: ['C02ABC123456'],
    });
  });

  it('accepts semicolons, tabs, quotes and a byte-order mark', () => {
    const r = parseRoster('\uFEFFuserId;serial\n"u-1";"DMP123456789"\nu-2;\n', 'mdm.csv', NOW);
    expect(r.clientUserIds).toEqual(['u-1', 'u-2']);
    expect(r.serialNumbers).toEqual(['DMP123456789']);
  });

  it('classifies a plain list without a header', () => {
    const r = parseRoster('ava@example.edu\nDMP123456789\nclient-7\n\n', 'list.txt', NOW);
    expect(r).toMatchObject({
      clientUserIds: ['client-7'],
      emails: ['ava@example.edu'],
      serialNumbers: ['DMP123456789'],
    });
  });

  it('refuses a roster that names nobody, in a sentence', () => {
    expect(() => parseRoster('Name,Department\nAva,Maths\n', 'x.csv', NOW)).toThrow(VppError);
    expect(() => parseRoster('Name,Department\nAva,Maths\n', 'x.csv', NOW)).toThrow(/none is named client user id/);
    expect(() => parseRoster('Serial Number\n\n', 'x.csv', NOW)).toThrow(/names nobody/);
  });
});
