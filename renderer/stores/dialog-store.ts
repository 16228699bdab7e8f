/**
 * Dialogs any part of the window can open (a banner's "Upload new token",
 * an app row's "Deploy"), rendered once at the root.
 */
import { create } from 'zustand';

export interface DeployPreset {
  adamId: string;
  pricingParam: 'STDQ' | 'PLUS';
  appName: string;
}

interface DialogState {
  upload: boolean;
  deploy: { preset: DeployPreset | null } | null;
  openUpload(): void;
  openDeploy(preset?: DeployPreset): void;
  close(): void;
}

export const useDialogStore = create<DialogState>((set) => ({
  upload: false,
  deploy: null,
  openUpload: () => set({ upload: true, deploy: null }),
  openDeploy: (preset) => set({ deploy: { preset: preset ?? null }, upload: false }),
  close: () => set({ upload: false, deploy: null }),
}));
