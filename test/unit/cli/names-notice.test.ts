// What `vpp-desk sync` says while it waits for app names: how many, and roughly how long at the store
// service's rate (50 names a request, 5 requests a second); no estimate for a wait of a second or less.
import { describe, expect, it } from 'vitest';
import { namesNotice } from '../../../electron/cli/sync';

const TAIL = 'Ctrl+C skips them: the apps keep their IDs until the next sync looks them up again.';

describe('namesNotice', () => {
  it.each([
    [1, `Looking up 1 app name at Apple's store service; ${TAIL}`],
    [250, `Looking up 250 app names at Apple's store service; ${TAIL}`],
    [251, `Looking up 251 app names at Apple's store service (about 2 s); ${TAIL}`],
    [5417, `Looking up 5,417 app names at Apple's store service (about 22 s); ${TAIL}`],
  ])('%i names', (names, text) => {
    expect(namesNotice(names)).toBe(text);
  });
});
