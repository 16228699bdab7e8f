/**
 * The Deployments page's filters, outside the page so the Apps page can open
 * it already filtered to one app, and so they survive navigation.
 */
import { create } from 'zustand';
import type { DeployAction, DeploymentState, TermsStatus } from '../../shared/domain';
import type { PickedApp } from '../lib/selection-types';

export interface DeploymentFilters {
  app: PickedApp | null;
  action: DeployAction | '';
  state: DeploymentState | '';
  terms: TermsStatus | '';
}

interface FiltersState extends DeploymentFilters {
  set(patch: Partial<DeploymentFilters>): void;
  /** Only this app, every other filter cleared: what "open its deployments" means. */
  showApp(app: PickedApp): void;
  clear(): void;
}

const EMPTY: DeploymentFilters = { app: null, action: '', state: '', terms: '' };

export const useDeploymentFilters = create<FiltersState>((set) => ({
  ...EMPTY,
  set: (patch) => set(patch),
  showApp: (app) => set({ ...EMPTY, app }),
  clear: () => set(EMPTY),
}));
