import { afterEach, describe, expect, it, vi } from 'vitest';

/** The two parts of window the nav store touches: location.hash and history.replaceState. */
function stubWindow(hash: string) {
  const location = { hash };
  const replaceState = vi.fn((_data: unknown, _unused: string, url?: string | URL | null) => {
    location.hash = String(url);
  });
  vi.stubGlobal('window', { location, history: { replaceState } });
  return { location, replaceState };
}

/** The store reads the hash once, when the window loads it. */
async function loadStore() {
  vi.resetModules();
  return (await import('../../../renderer/stores/nav-store')).useNavStore;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('nav store', () => {
  it.each([
    ['#/users', 'users'],
    ['#/deployments', 'deployments'],
    ['#activity', 'activity'],
    ['#/apps', 'apps'],
  ])('opens on the page in the hash after a reload (%s)', async (hash, page) => {
    stubWindow(hash);
    expect((await loadStore()).getState().page).toBe(page);
  });

  it.each(['', '#', '#/', '#/settings', '#/Users', '#/users/extra'])(
    'opens on the Token page for an unknown hash %j',
    async (hash) => {
      stubWindow(hash);
      expect((await loadStore()).getState().page).toBe('token');
    },
  );

  it('go() shows the page and mirrors it in the hash without adding history entries', async () => {
    const { location, replaceState } = stubWindow('#/token');
    const store = await loadStore();
    store.getState().go('deployments');
    expect(store.getState().page).toBe('deployments');
    expect(replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '#/deployments');
    expect(location.hash).toBe('#/deployments');
  });

  it('go() leaves a hash that already names the page alone', async () => {
    const { replaceState } = stubWindow('#/apps');
    const store = await loadStore();
    store.getState().go('apps');
    expect(store.getState().page).toBe('apps');
    expect(replaceState).not.toHaveBeenCalled();
  });
});
