// Save as PDF from the window: core's report in a hidden window that runs nothing, printToPDF, the save dialog, the file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appPaths } from '../../../electron/app-paths';
import { registerDesktopIpc } from '../../../electron/ipc';
import { REPORT_PDF_CSP, saveReportPdf, withCsp } from '../../../electron/report-pdf';
import { MainWindow } from '../../../electron/window';
import { REPORT_PDF_CHANNEL } from '../../../shared/ipc-names';
import {
  BrowserWindow,
  dialog,
  fakeElectron,
  fakePdf,
  FakeWebContents,
  FakeWebFrameMain,
  ipcMain,
  type FakeIpcMainInvokeEvent,
} from '../../fakes/electron';
import { tempDir } from '../../helpers/tmp';
import { stubCore, type StubCore } from './stub-core';

const REPORT_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>License report: Example</title></head><body><h1>License report: Example</h1></body></html>';
const NOW = () => new Date('2026-11-20T08:30:00.000Z');

/** Every window the save created (no app window is made in these tests). */
function hiddenWindows(): BrowserWindow[] {
  return fakeElectron.windows;
}
/** The one hidden window. */
function hidden(): BrowserWindow {
  expect(hiddenWindows()).toHaveLength(1);
  return fakeElectron.lastWindow();
}

function pageOf(win: BrowserWindow): string {
  const url = win.loadedUrl ?? '';
  const prefix = 'data:text/html;charset=utf-8;base64,';
  expect(url.startsWith(prefix)).toBe(true);
  return Buffer.from(url.slice(prefix.length), 'base64').toString('utf8');
}

describe('Save as PDF (electron/report-pdf.ts)', () => {
  let home: string;
  let core: StubCore;

  beforeEach(async () => {
    fakeElectron.reset();
    home = await tempDir('vpp-desk-report-pdf-');
    core = stubCore();
    core.handlers['insight:report'].mockResolvedValue({
      fileName: 'vpp-desk-report-2026-11-20.html',
      html: REPORT_HTML,
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("renders core's report in a hidden, sandboxed window with JavaScript off and no preload", async () => {
    await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(hiddenWindows()).toHaveLength(1);
    const win = hidden();
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    // A data: URL of the report itself, with our CSP first in its head.
    const page = pageOf(win);
    expect(page).toContain('<h1>License report: Example</h1>');
    expect(page.indexOf(REPORT_PDF_CSP)).toBeGreaterThan(-1);
    expect(page.indexOf(REPORT_PDF_CSP)).toBeLessThan(page.indexOf('<title>'));
    expect(win.webContents.printedToPdf).toEqual([{ printBackground: true, pageSize: 'A4' }]);
  });

  it('writes the PDF bytes where the admin chose, with a dated default name, and closes the hidden window', async () => {
    const file = path.join(home, 'report.pdf');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    const result = await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(result).toEqual({ ok: true, value: { file } });
    const options = dialog.showSaveDialog.mock.calls[0]?.[0];
    expect(options?.defaultPath).toBe('vpp-desk-license-report-2026-11-20.pdf');
    expect(options?.filters).toEqual([{ name: 'PDF document', extensions: ['pdf'] }]);
    const win = hidden();
    expect(fs.readFileSync(file)).toEqual(fakePdf(win.loadedUrl ?? ''));
    expect(win.isDestroyed()).toBe(true);
  });

  it('writes nothing when the dialog is cancelled, and still closes the hidden window', async () => {
    const result = await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(result).toEqual({ ok: true, value: { file: null } });
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    expect(fs.readdirSync(home)).toEqual([]);
    expect(hidden().isDestroyed()).toBe(true);
  });

  it('closes the hidden window and says why when printToPDF fails; no dialog, no file', async () => {
    vi.spyOn(FakeWebContents.prototype, 'printToPDF').mockRejectedValueOnce(new Error('printing failed'));
    const result = await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The report could not be turned into a PDF: printing failed' },
    });
    expect(hidden().isDestroyed()).toBe(true);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('closes the hidden window when the page does not load', async () => {
    vi.spyOn(BrowserWindow.prototype, 'loadURL').mockRejectedValueOnce(new Error('ERR_INVALID_URL'));
    const result = await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(result.ok).toBe(false);
    expect(hidden().isDestroyed()).toBe(true);
    expect(hidden().webContents.printedToPdf).toEqual([]);
  });

  it('says so when the file cannot be written (the hidden window is already closed)', async () => {
    const file = path.join(home, 'missing-folder', 'report.pdf');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    const result = await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/^The PDF could not be saved to .*report\.pdf: /);
    expect(hidden().isDestroyed()).toBe(true);
  });

  it("passes core's error on and opens no window when the report cannot be made", async () => {
    core.handlers['insight:report'].mockRejectedValueOnce(new Error('boom'));
    const result = await saveReportPdf({ handlers: core.handlers, now: NOW });
    expect(result.ok).toBe(false);
    expect(hiddenWindows()).toHaveLength(0);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('loads a report too big for a data: URL from a private temp file, removed afterwards', async () => {
    const rows = '<tr><td>x</td></tr>'.repeat(120_000);
    core.handlers['insight:report'].mockResolvedValueOnce({
      fileName: 'r.html',
      html: `<html><head></head><body><table>${rows}</table></body></html>`,
    });
    await saveReportPdf({ handlers: core.handlers, now: NOW });
    const win = hidden();
    expect(win.loadedUrl).toBeNull();
    expect(win.loadedFile).toMatch(/vpp-desk-report-[^/\\]+[/\\]report\.html$/);
    expect(fs.existsSync(win.loadedFile ?? '')).toBe(false);
    expect(win.webContents.printedToPdf).toHaveLength(1);
    expect(win.isDestroyed()).toBe(true);
  });

  it('puts the CSP first in the head, or first of all when there is no head', () => {
    expect(withCsp('<html><head lang="x"><title>t</title></head></html>')).toMatch(
      /^<html><head lang="x"><meta http-equiv="Content-Security-Policy" content="[^"]+"><title>/,
    );
    expect(withCsp('<p>hi</p>')).toMatch(/^<meta http-equiv="Content-Security-Policy" content="[^"]+"><p>hi<\/p>$/);
  });
});

describe('the desktop IPC channel for Save as PDF', () => {
  const paths = appPaths(path.resolve('dist'));
  let core: StubCore;
  let app: BrowserWindow;

  beforeEach(() => {
    fakeElectron.reset();
    core = stubCore();
    core.handlers['insight:report'].mockResolvedValue({ fileName: 'r.html', html: REPORT_HTML });
    const window = new MainWindow(paths);
    window.show();
    app = fakeElectron.lastWindow();
    registerDesktopIpc(core.handlers, { webContents: () => window.webContents(), rendererUrl: paths.rendererUrl });
  });

  const fromApp = (): FakeIpcMainInvokeEvent => ({ sender: app.webContents, senderFrame: app.webContents.mainFrame });

  it('answers the app window (here: cancelled) and closes the hidden window', async () => {
    await expect(ipcMain.invoke(REPORT_PDF_CHANNEL, fromApp(), {})).resolves.toEqual({
      ok: true,
      value: { file: null },
    });
    expect(core.handlers['insight:report']).toHaveBeenCalledTimes(1);
    const hiddenWin = fakeElectron.lastWindow();
    expect(hiddenWin).not.toBe(app);
    expect(hiddenWin.options.webPreferences).toMatchObject({ javascript: false, sandbox: true });
    expect(hiddenWin.isDestroyed()).toBe(true);
    expect(app.isDestroyed()).toBe(false);
  });

  it('refuses another frame or page before core is asked', async () => {
    const sub = { sender: app.webContents, senderFrame: new FakeWebFrameMain(paths.rendererUrl) };
    const other = new BrowserWindow();
    await other.loadURL('https://example.com/');
    for (const event of [sub, { sender: other.webContents, senderFrame: other.webContents.mainFrame }]) {
      const answer = (await ipcMain.invoke(REPORT_PDF_CHANNEL, event, {})) as {
        ok: boolean;
        error?: { message: string };
      };
      expect(answer.ok).toBe(false);
      expect(answer.error?.message).toMatch(/^Forbidden/);
    }
    expect(core.handlers['insight:report']).not.toHaveBeenCalled();
  });

  it('refuses any input', async () => {
    const answer = await ipcMain.invoke(REPORT_PDF_CHANNEL, fromApp(), { path: '/etc/passwd' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(core.handlers['insight:report']).not.toHaveBeenCalled();
  });
});
