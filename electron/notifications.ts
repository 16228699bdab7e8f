/**
 * Native notifications for core's 'notify' events (token expiring, sync
 * failed, licenses running low) and for the tray's own errors. Silently does
 * nothing where the OS has no notification support.
 */
import { Notification } from 'electron';
import type { Notice } from './core/app';

export type Notify = (notice: Notice) => void;

export function createNotifier(onClick: () => void): Notify {
  // Held until closed: on Windows a notification that is garbage-collected
  // early loses its click handler.
  const live = new Set<Notification>();
  return (notice) => {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: notice.title, body: notice.body });
    live.add(note);
    note.on('click', onClick);
    note.on('close', () => live.delete(note));
    note.show();
  };
}
