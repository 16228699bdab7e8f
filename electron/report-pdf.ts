/**
 * The window's "Save as PDF": core's license report (insight:report, every
 * value escaped) rendered by Chromium in a hidden window that can run
 * nothing, printed to an A4 PDF, then saved where the admin chooses. Main
 * does this (the renderer only asks, over the desktop-only channel in
 * ipc.ts) because only Electron has printToPDF; the browser preview prints
 * with the browser's own dialog instead.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import { dispatch, type Handlers } from './core/app';
import { lockedWebPreferences } from './security';
import type { SavedPdf } from '../shared/api';
import type { Envelope, ResultOf } from '../shared/contract';

/** Tighter than core's own CSP and placed first in <head>, so it holds whatever the report carries. */
export const REPORT_PDF_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
/** Chromium refuses URLs longer than 2 MiB; a bigger report (a long "outside the roster" list) goes through a private temp file. */
const MAX_DATA_URL = 2 * 1024 * 1024;

export interface ReportPdfDeps {
  handlers: Handlers;
  now?: () => Date;
}

/** The report with our CSP meta as the first thing in its head (meta CSP applies to what follows it). */
export function withCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${REPORT_PDF_CSP}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + meta) : meta + html;
}

/** Renders the HTML to PDF bytes; the hidden window is destroyed however this ends. */
export async function renderPdf(html: string): Promise<Buffer> {
  const win = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    // No preload, no Node, no JavaScript: the page can only be laid out and printed.
    webPreferences: { ...lockedWebPreferences(), javascript: false, spellcheck: false },
  });
  let tempDir: string | null = null;
  try {
    const page = withCsp(html);
    const dataUrl = `data:text/html;charset=utf-8;base64,${Buffer.from(page, 'utf8').toString('base64')}`;
    if (dataUrl.length <= MAX_DATA_URL) {
      await win.loadURL(dataUrl);
    } else {
      tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-report-'));
      const file = path.join(tempDir, 'report.html');
      await fs.writeFile(file, page, { mode: 0o600 });
      await win.loadFile(file);
    }
    return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    // destroy, not close: no 'close' listener can keep this window alive.
    if (!win.isDestroyed()) win.destroy();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  }
}

function failure(message: string, err: unknown): Envelope<never> {
  const why = err instanceof Error ? err.message : String(err);
  return { ok: false, error: { code: 'INTERNAL', message: `${message}: ${why}` } };
}

/** Resolves to the written file, or file: null when the admin cancelled; never throws. */
export async function saveReportPdf(deps: ReportPdfDeps): Promise<Envelope<SavedPdf>> {
  const report = (await dispatch(deps.handlers, 'insight:report', {})) as Envelope<ResultOf<'insight:report'>>;
  if (!report.ok) return report;
  let pdf: Buffer;
  try {
    pdf = await renderPdf(report.value.html);
  } catch (err) {
    return failure('The report could not be turned into a PDF', err);
  }
  const day = (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const choice = await dialog.showSaveDialog({
    title: 'Save license report as PDF',
    defaultPath: `vpp-desk-license-report-${day}.pdf`,
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return { ok: true, value: { file: null } };
  try {
    await fs.writeFile(choice.filePath, pdf);
  } catch (err) {
    return failure(`The PDF could not be saved to ${choice.filePath}`, err);
  }
  return { ok: true, value: { file: choice.filePath } };
}
