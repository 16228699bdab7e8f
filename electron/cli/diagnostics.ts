/** `vpp-desk diagnostics --out <file.zip> [--json]`: the bundle for support (logs, versions, cache summary). */
import { call, exportDiagnostics, resolveConfig, type Core } from '../core/app';
import { parse, str } from './args';
import { printJson, printLines, UsageError } from './output';

export async function diagnosticsCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { out: { type: 'string' }, json: { type: 'boolean' } });
  const out = str(values.out);
  if (!out || !out.toLowerCase().endsWith('.zip')) throw new UsageError('--out <file.zip> is required.');
  const { version } = await call(core.handlers, 'app:info', {});
  const result = await exportDiagnostics(core.handlers, resolveConfig(process.env), out, { version, transport: 'cli' });
  if (values.json === true) return printJson(result);
  printLines([`Diagnostics written to ${result.file} (${result.entries.join(', ')}).`]);
}
