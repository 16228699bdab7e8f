/** `vpp-desk preview [--port N]`: the browser preview host (a development and test tool). */
import path from 'node:path';
import { startPreviewHost } from '../preview/server';
import { parse, str } from './args';
import { UsageError } from './output';
import type { Core } from '../core/app';

export async function previewCommand(core: Core, args: string[]): Promise<'keep-running'> {
  const { values } = parse(args, { port: { type: 'string' } });
  const portText = str(values.port);
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes a number from 0 to 65535.');
  // dist/cli.cjs sits beside the built renderer and bridge.
  const host = await startPreviewHost({ core, distDir: path.resolve(__dirname), port });
  process.stdout.write(`${host.url}\n`);
  process.stderr.write('VPP Desk preview host (development tool) running on 127.0.0.1; Ctrl+C to stop.\n');
  await core.start();
  const stop = () => {
    void host
      .close()
      .then(() => core.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 'keep-running';
}
