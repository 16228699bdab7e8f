/**
 * Entry point of the Electron main process (bundled to dist/main.cjs). All
 * wiring lives in lifecycle.ts; this file only supplies the real core.
 */
import { app } from 'electron';
import { createCore } from './core/app';
import { launch } from './lifecycle';

launch({ distDir: __dirname, createCore }).catch((err: unknown) => {
  console.error('[main] VPP Desk failed to start:', err);
  app.exit(1);
});
