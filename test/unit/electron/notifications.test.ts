import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../../../electron/notifications';
import { fakeElectron } from '../../fakes/electron';
import { stubCore } from './stub-core';

describe('notifications', () => {
  beforeEach(() => fakeElectron.reset());

  it("shows a native notification for each core 'notify' event", () => {
    const core = stubCore();
    const onClick = vi.fn();
    core.events.on('notify', createNotifier(onClick));
    core.events.emit('notify', { title: 'Token expires soon', body: 'Your VPP token expires in 7 days.' });

    expect(fakeElectron.notifications).toHaveLength(1);
    const [note] = fakeElectron.notifications;
    expect(note?.options).toEqual({ title: 'Token expires soon', body: 'Your VPP token expires in 7 days.' });
    expect(note?.shown).toBe(true);
    note?.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('does nothing where notifications are not supported', () => {
    fakeElectron.setNotificationsSupported(false);
    const notify = createNotifier(() => {});
    expect(() => notify({ title: 't', body: 'b' })).not.toThrow();
    expect(fakeElectron.notifications).toHaveLength(0);
  });
});
