// Bundles the Node-side entry points. The preload must be one file: a
// sandboxed preload can only require 'electron' and a few built-ins.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  // Native and Electron modules stay outside the bundle.
  external: ['electron', 'keytar'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/preload.cjs' }),
  build({ ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/cli.cjs', banner: { js: '' } }),
]);
