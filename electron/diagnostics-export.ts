/**
 * Help › Export diagnostics: asks where to save the zip, then lets core's
 * exportDiagnostics (the same as `vpp-desk diagnostics`) write it.
 */
import { dialog, shell } from 'electron';
import { exportDiagnostics, type CoreConfig, type Handlers } from './core/app';

export interface DiagnosticsExportDeps {
  handlers: Handlers;
  config: CoreConfig;
  version: string;
  now?: () => Date;
}

/** Resolves to the written file, or null when the admin cancelled. */
export async function exportDiagnosticsFromMenu(deps: DiagnosticsExportDeps): Promise<string | null> {
  const day = (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const choice = await dialog.showSaveDialog({
    title: 'Export diagnostics',
    defaultPath: `vpp-desk-diagnostics-${day}.zip`,
    filters: [{ name: 'Zip archive', extensions: ['zip'] }],
  });
  if (choice.canceled || !choice.filePath) return null;
  try {
    const { file } = await exportDiagnostics(deps.handlers, deps.config, choice.filePath, {
      version: deps.version,
      transport: 'electron',
    });
    shell.showItemInFolder(file);
    return file;
  } catch (err) {
    dialog.showErrorBox('Diagnostics could not be exported', err instanceof Error ? err.message : String(err));
    return null;
  }
}
