// Bundles the Node-side entry points. The preload must be one file: a
// sandboxed preload can only require 'electron' and a few built-ins.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  // Native and Electron modules stay outside the bundle.
  external: ['electron', 'keytar'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

// `--bench` (npm run bench): the bench's phase script, bundled like main.cjs, so a phase runs the core as the
// app does: under tsx its loader hooks compiled modules inside the timed sync and in the sync's worker thread.
const bench = process.argv.includes('--bench')
  ? [build({ ...common, entryPoints: ['test/bench/worker.ts'], outfile: 'dist/bench-phase.cjs' })]
  : [];

await Promise.all([
  ...bench,
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/preload.cjs' }),
  // undici (a third of the bundle) is required from node_modules when a command first talks to Apple:
  // inlined, every command paid to parse it (~30 ms of `token status`'s ~450 ms).
  build({
    ...common,
    entryPoints: ['electron/cli.ts'],
    outfile: 'dist/cli.cjs',
    external: [...common.external, 'undici'],
  }),
  // The sync's worker thread (core/sync/part-writer.ts starts it from beside main.cjs or cli.cjs).
  build({ ...common, entryPoints: ['electron/core/sync/part-worker.ts'], outfile: 'dist/sync-worker.cjs' }),
  // Preview host only: window.vpp over HTTP for the renderer in a browser.
  build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['electron/preview/bridge.ts'],
    outfile: 'dist/preview-bridge.js',
  }),
]);
