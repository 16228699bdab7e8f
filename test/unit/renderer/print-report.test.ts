/**
 * printReport: the desktop app saves the report as PDF through main
 * (window.vpp.saveReportPdf); the browser preview prints with window.print().
 * window is a plain stub recording which one was used.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VppClientError } from '../../../renderer/api';
import { printReport, savesPdfInApp } from '../../../renderer/lib/print-report';
import { createVppApi, PDF_NOT_HERE, type SavedPdf } from '../../../shared/api';
import type { Envelope } from '../../../shared/contract';

function stubWindow(answer: Envelope<SavedPdf> = { ok: true, value: { file: '/Users/admin/report.pdf' } }) {
  const print = vi.fn();
  const saveReportPdf = vi.fn(async () => answer);
  vi.stubGlobal('window', { print, vpp: { saveReportPdf } });
  return { print, saveReportPdf };
}

describe('printReport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('saves as PDF through main in the desktop app, without the print dialog', async () => {
    const { print, saveReportPdf } = stubWindow();
    await expect(printReport({ transport: 'electron' })).resolves.toEqual({
      kind: 'saved',
      file: '/Users/admin/report.pdf',
    });
    expect(saveReportPdf).toHaveBeenCalledTimes(1);
    expect(print).not.toHaveBeenCalled();
  });

  it('prints with the browser in the preview', async () => {
    const { print, saveReportPdf } = stubWindow();
    await expect(printReport({ transport: 'preview' })).resolves.toEqual({ kind: 'printed' });
    expect(print).toHaveBeenCalledTimes(1);
    expect(saveReportPdf).not.toHaveBeenCalled();
  });

  it('prints while app:info has not arrived yet (null)', async () => {
    const { print, saveReportPdf } = stubWindow();
    await expect(printReport(null)).resolves.toEqual({ kind: 'printed' });
    expect(print).toHaveBeenCalledTimes(1);
    expect(saveReportPdf).not.toHaveBeenCalled();
  });

  it('reports a cancelled save dialog as cancelled', async () => {
    stubWindow({ ok: true, value: { file: null } });
    await expect(printReport({ transport: 'electron' })).resolves.toEqual({ kind: 'cancelled' });
  });

  it("rejects with main's sentence when saving failed", async () => {
    const { print } = stubWindow({ ok: false, error: { code: 'INTERNAL', message: 'The PDF could not be saved.' } });
    const failed = printReport({ transport: 'electron' });
    await expect(failed).rejects.toBeInstanceOf(VppClientError);
    await expect(failed).rejects.toThrow('The PDF could not be saved.');
    expect(print).not.toHaveBeenCalled();
  });

  it('savesPdfInApp is true only for the electron transport', () => {
    expect(savesPdfInApp({ transport: 'electron' })).toBe(true);
    expect(savesPdfInApp({ transport: 'preview' })).toBe(false);
    expect(savesPdfInApp(null)).toBe(false);
  });
});

describe('window.vpp.saveReportPdf on a transport without printToPDF (the preview bridge)', () => {
  it('answers "needs the VPP Desk app" instead of calling anything', async () => {
    const invoke = vi.fn();
    const api = createVppApi({ invoke, on: () => () => {} });
    await expect(api.saveReportPdf()).resolves.toEqual(PDF_NOT_HERE);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('uses the transport when it has one (the Electron preload)', async () => {
    const saveReportPdf = vi.fn(async (): Promise<Envelope<SavedPdf>> => ({ ok: true, value: { file: null } }));
    const api = createVppApi({ invoke: vi.fn(), on: () => () => {}, saveReportPdf });
    await expect(api.saveReportPdf()).resolves.toEqual({ ok: true, value: { file: null } });
    expect(saveReportPdf).toHaveBeenCalledTimes(1);
  });
});
