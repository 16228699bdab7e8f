// POST /users/create, /users/update, /users/retire: synchronous validation,
// asynchronous effect (9716 and 9609 arrive in the event's failures).
import { createUsers, retireUsers, updateUsers } from '../user-ops';
import { parseManageUsers } from '../validate';
import type { AuthedCtx } from './context';

export function postCreateUsers(c: AuthedCtx): Record<string, unknown> {
  const users = parseManageUsers(c.body, 'create');
  const store = c.loc.store;
  return { eventId: c.core.events.submit(c.loc.uId, 'CREATE', users.length, () => createUsers(store, users)).eventId };
}

export function postUpdateUsers(c: AuthedCtx): Record<string, unknown> {
  const users = parseManageUsers(c.body, 'update');
  const store = c.loc.store;
  return { eventId: c.core.events.submit(c.loc.uId, 'UPDATE', users.length, () => updateUsers(store, users)).eventId };
}

export function postRetireUsers(c: AuthedCtx): Record<string, unknown> {
  const users = parseManageUsers(c.body, 'retire');
  const store = c.loc.store;
  return { eventId: c.core.events.submit(c.loc.uId, 'RETIRE', users.length, () => retireUsers(store, users)).eventId };
}
