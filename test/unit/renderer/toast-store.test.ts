import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toast, useToastStore } from '../../../renderer/stores/toast-store';

const texts = () => useToastStore.getState().toasts.map((t) => t.text);

beforeEach(() => {
  vi.useFakeTimers();
  // The store schedules dismissal through window.setTimeout: the (faked) global one.
  vi.stubGlobal('window', globalThis);
  useToastStore.setState({ toasts: [] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('toast store', () => {
  it('shows toasts with their tone, newest last, each with its own id', () => {
    toast.success('Deployed Pages.');
    toast.error('Apple is not answering.');
    toast.info('Sync started.');
    const toasts = useToastStore.getState().toasts;
    expect(toasts.map((t) => [t.tone, t.text])).toEqual([
      ['success', 'Deployed Pages.'],
      ['danger', 'Apple is not answering.'],
      ['info', 'Sync started.'],
    ]);
    expect(new Set(toasts.map((t) => t.id)).size).toBe(3);
  });

  it('keeps at most four on screen, dropping the oldest', () => {
    for (const n of [1, 2, 3, 4, 5, 6]) toast.info(`toast ${n}`);
    expect(texts()).toEqual(['toast 3', 'toast 4', 'toast 5', 'toast 6']);
  });

  it('dismisses a confirmation after 5 seconds', () => {
    toast.success('Saved.');
    vi.advanceTimersByTime(4_999);
    expect(texts()).toEqual(['Saved.']);
    vi.advanceTimersByTime(1);
    expect(texts()).toEqual([]);
  });

  it('keeps a failure for 10 seconds, so it can be read twice', () => {
    toast.error('Could not deploy.');
    toast.info('Sync started.');
    vi.advanceTimersByTime(5_000);
    expect(texts()).toEqual(['Could not deploy.']);
    vi.advanceTimersByTime(4_999);
    expect(texts()).toEqual(['Could not deploy.']);
    vi.advanceTimersByTime(1);
    expect(texts()).toEqual([]);
  });

  it('dismiss() removes only that toast, and its timer later removes nothing else', () => {
    toast.success('first');
    toast.success('second');
    const [first] = useToastStore.getState().toasts;
    useToastStore.getState().dismiss(first?.id ?? -1);
    expect(texts()).toEqual(['second']);
    vi.advanceTimersByTime(2_000);
    toast.success('third');
    vi.advanceTimersByTime(3_000);
    expect(texts()).toEqual(['third']);
  });
});
