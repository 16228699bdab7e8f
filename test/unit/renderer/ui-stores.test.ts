import { beforeEach, describe, expect, it } from 'vitest';
import { useDeploymentFilters } from '../../../renderer/stores/deployment-filters-store';
import { useDialogStore } from '../../../renderer/stores/dialog-store';
import { useListStore } from '../../../renderer/stores/list-store';
import type { PickedApp } from '../../../renderer/lib/selection-types';

const PAGES_APP: PickedApp = { adamId: '361309726', pricingParam: 'STDQ', name: 'Pages' };
const KEYNOTE_APP: PickedApp = { adamId: '361285480', pricingParam: 'STDQ', name: 'Keynote' };

const initial = {
  filters: useDeploymentFilters.getState(),
  dialogs: useDialogStore.getState(),
  lists: useListStore.getState(),
};

beforeEach(() => {
  useDeploymentFilters.setState(initial.filters, true);
  useDialogStore.setState(initial.dialogs, true);
  useListStore.setState(initial.lists, true);
});

const filters = () => {
  const { app, action, state, terms } = useDeploymentFilters.getState();
  return { app, action, state, terms };
};

describe('deployment filters store', () => {
  it('starts with every filter cleared', () => {
    expect(filters()).toEqual({ app: null, action: '', state: '', terms: '' });
  });

  it('set() changes the given filters and keeps the others', () => {
    useDeploymentFilters.getState().set({ app: PAGES_APP, state: 'failed' });
    useDeploymentFilters.getState().set({ terms: 'pending' });
    expect(filters()).toEqual({ app: PAGES_APP, action: '', state: 'failed', terms: 'pending' });
  });

  it('showApp() (an app row\'s "Deployments") shows that app only, clearing the other filters', () => {
    useDeploymentFilters.getState().set({ app: KEYNOTE_APP, action: 'uninstall', state: 'failed', terms: 'pending' });
    useDeploymentFilters.getState().showApp(PAGES_APP);
    expect(filters()).toEqual({ app: PAGES_APP, action: '', state: '', terms: '' });
  });

  it('clear() removes every filter', () => {
    useDeploymentFilters.getState().set({ app: PAGES_APP, action: 'required', state: 'assigned', terms: 'accepted' });
    useDeploymentFilters.getState().clear();
    expect(filters()).toEqual({ app: null, action: '', state: '', terms: '' });
  });
});

describe('dialog store', () => {
  it('opens the upload dialog alone, closing a deploy dialog', () => {
    useDialogStore.getState().openDeploy();
    useDialogStore.getState().openUpload();
    expect(useDialogStore.getState()).toMatchObject({ upload: true, deploy: null });
  });

  it('opens the deploy dialog empty, or preset with an app row, closing the upload dialog', () => {
    useDialogStore.getState().openUpload();
    useDialogStore.getState().openDeploy();
    expect(useDialogStore.getState()).toMatchObject({ upload: false, deploy: { preset: null } });

    const preset = { adamId: '361309726', pricingParam: 'PLUS' as const, appName: 'Pages' };
    useDialogStore.getState().openDeploy(preset);
    expect(useDialogStore.getState().deploy).toEqual({ preset });
  });

  it('close() closes whichever is open', () => {
    useDialogStore.getState().openDeploy();
    useDialogStore.getState().close();
    expect(useDialogStore.getState()).toMatchObject({ upload: false, deploy: null });
    useDialogStore.getState().openUpload();
    useDialogStore.getState().close();
    expect(useDialogStore.getState()).toMatchObject({ upload: false, deploy: null });
  });
});

describe('list store', () => {
  it('remembers search and sort per page, so coming back restores them', () => {
    const store = useListStore.getState();
    store.setSearch('users', 'smith');
    store.setSort('users', { by: 'email', dir: 'desc' });
    store.setSearch('apps', 'pages');
    const s = useListStore.getState();
    expect(s.search).toEqual({ users: 'smith', apps: 'pages' });
    expect(s.sort).toEqual({ users: { by: 'email', dir: 'desc' } });
  });

  it('replaces only the page that changed', () => {
    useListStore.getState().setSearch('users', 'smith');
    useListStore.getState().setSearch('activity', 'sync');
    useListStore.getState().setSearch('users', '');
    expect(useListStore.getState().search).toEqual({ users: '', activity: 'sync' });
  });
});
