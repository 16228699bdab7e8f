/**
 * Which app or which holder (user or device) the detail pages show. Kept
 * apart from the page id so the sidebar stays a flat list.
 */
import { create } from 'zustand';
import { useNavStore } from './nav-store';
import type { PricingParam } from '../../shared/domain';

export interface AppRef {
  adamId: string;
  pricingParam: PricingParam;
  name: string;
}

export type HolderSel =
  { clientUserId: string; serialNumber?: undefined } | { serialNumber: string; clientUserId?: undefined };

interface HolderNavState {
  app: AppRef | null;
  holder: HolderSel | null;
  openApp(app: AppRef): void;
  openHolder(holder: HolderSel): void;
}

export const useHolderNav = create<HolderNavState>((set) => ({
  app: null,
  holder: null,
  openApp: (app) => {
    set({ app });
    useNavStore.getState().go('app');
  },
  openHolder: (holder) => {
    set({ holder });
    useNavStore.getState().go('holder');
  },
}));
