import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
// The build config runs in Node at build time, never in the window.
// eslint-disable-next-line no-restricted-imports
import { fileURLToPath } from 'node:url';

// Relative base: the same build loads from file:// in Electron and from the
// preview host over http://127.0.0.1.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
