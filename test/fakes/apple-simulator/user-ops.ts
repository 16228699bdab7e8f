// What users/create, users/update and users/retire events do, plus the
// person-side action of accepting the invitation (the VPP terms).
import { randomBytes } from 'node:crypto';
import { errorBody, type ErrorBody } from './errors';
import type { Outcome } from './events';
import type { Store, UserRec } from './store';
import type { RequestUser } from './validate';

const newInviteCode = (): string => randomBytes(16).toString('hex');
const newIdHash = (): string => randomBytes(20).toString('base64');

export function createUsers(store: Store, users: RequestUser[]): Outcome {
  return store.write(() => {
    const exists: string[] = [];
    let numCompleted = 0;
    for (const u of users) {
      const current = store.user(u.clientUserId);
      if (current !== undefined && current.status !== 'Retired') {
        exists.push(u.clientUserId);
        continue;
      }
      // A Managed Apple Account needs no invitation: it is associated at once.
      const fresh: UserRec =
        u.managedAppleId !== undefined
          ? { clientUserId: u.clientUserId, status: 'Associated', idHash: newIdHash() }
          : { clientUserId: u.clientUserId, status: 'Registered', inviteCode: newInviteCode() };
      if (u.email !== undefined) fresh.email = u.email;
      if (current !== undefined) {
        // Re-creating a retired clientUserId starts that user over.
        delete current.idHash;
        delete current.inviteCode;
        Object.assign(current, fresh);
        store.touchUser(current);
      } else {
        store.addUser(fresh);
      }
      numCompleted++;
    }
    const failures: ErrorBody[] = exists.length > 0 ? [errorBody(9716, { clientUserIds: exists })] : [];
    return { numCompleted, failures };
  });
}

export function updateUsers(store: Store, users: RequestUser[]): Outcome {
  return store.write(() => {
    const unknown: string[] = [];
    let numCompleted = 0;
    for (const u of users) {
      const current = store.user(u.clientUserId);
      if (current === undefined || current.status === 'Retired') {
        unknown.push(u.clientUserId);
        continue;
      }
      if (u.email !== undefined) current.email = u.email;
      store.touchUser(current);
      numCompleted++;
    }
    return { numCompleted, failures: unknown.length > 0 ? [errorBody(9609, { clientUserIds: unknown })] : [] };
  });
}

/** Retiring frees the user's licenses: apps return to the pool, books are spent (retiredCount). */
export function retireUsers(store: Store, users: RequestUser[]): Outcome {
  return store.write(() => {
    const unknown: string[] = [];
    let numCompleted = 0;
    for (const u of users) {
      const current = store.user(u.clientUserId);
      if (current === undefined) {
        unknown.push(u.clientUserId);
        continue;
      }
      if (current.status !== 'Retired') {
        for (const rec of [...store.ofUser(u.clientUserId)]) store.unassign(rec, true);
        current.status = 'Retired';
        delete current.inviteCode;
        store.touchUser(current);
      }
      numCompleted++;
    }
    return { numCompleted, failures: unknown.length > 0 ? [errorBody(9609, { clientUserIds: unknown })] : [] };
  });
}

/** The person accepted the invitation: Registered -> Associated with an idHash. */
export function acceptTerms(store: Store, clientUserId: string): UserRec {
  const user = store.user(clientUserId);
  if (user === undefined) throw new Error(`unknown user ${clientUserId}`);
  if (user.status === 'Retired') throw new Error(`user ${clientUserId} is retired`);
  if (user.status === 'Associated') return user;
  store.write(() => {
    user.status = 'Associated';
    user.idHash = newIdHash();
    delete user.inviteCode;
    store.touchUser(user);
  });
  return user;
}
