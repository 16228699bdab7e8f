/** Short confirmations and failures that do not belong to a dialog or a page. */
import { create } from 'zustand';
import type { Tone } from '../lib/labels';

export interface Toast {
  id: number;
  tone: Extract<Tone, 'success' | 'danger' | 'info'>;
  text: string;
}

interface ToastState {
  toasts: Toast[];
  push(tone: Toast['tone'], text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToastStore = create<ToastState>((set, get) => ({
  toasts: [],
  push: (tone, text) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, tone, text }] }));
    // Failures stay longer: the admin may need to read them twice.
    window.setTimeout(() => get().dismiss(id), tone === 'danger' ? 10_000 : 5_000);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (text: string) => useToastStore.getState().push('success', text),
  error: (text: string) => useToastStore.getState().push('danger', text),
  info: (text: string) => useToastStore.getState().push('info', text),
};
