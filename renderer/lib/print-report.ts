/**
 * Printing the license report. The report's HTML comes from core
 * (insight:report, every value escaped); the window shows its body on the
 * Report page.
 *
 * In the desktop app "Save as PDF" is main's: it renders core's report in a
 * hidden window that runs no script, calls printToPDF and asks where to save
 * (electron/report-pdf.ts). The browser preview has no printToPDF, so it
 * prints this page with a print stylesheet that hides the shell, and the
 * print dialog's own PDF destination saves it. Which one is decided by
 * app:info's transport, the one place the window learns where it runs;
 * window.vpp.saveReportPdf exists in the preview too but only answers
 * "needs the VPP Desk app", so the renderer never has to probe for it.
 */
import { api } from '../api';
import type { AppInfo } from '../../shared/domain';

/** The report document's body markup, without its head (its inline style is replaced by report.css). */
export function reportBody(html: string): { title: string; body: string } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  // Parsed inert: DOMParser runs no scripts, and the window's CSP would refuse any that slipped into the markup.
  doc.querySelectorAll('script, style, meta, link, iframe, object, embed').forEach((n) => n.remove());
  return { title: doc.title, body: doc.body.innerHTML };
}

export type PrintOutcome = { kind: 'printed' } | { kind: 'saved'; file: string } | { kind: 'cancelled' };

/** Whether this window saves the report as PDF through main (the desktop app) rather than the print dialog. */
export function savesPdfInApp(info: Pick<AppInfo, 'transport'> | null): boolean {
  return info?.transport === 'electron';
}

/** Save as PDF in the desktop app, the browser's print elsewhere. Rejects with a VppClientError when saving failed. */
export async function printReport(info: Pick<AppInfo, 'transport'> | null): Promise<PrintOutcome> {
  if (!savesPdfInApp(info)) {
    window.print();
    return { kind: 'printed' };
  }
  const { file } = await api.saveReportPdf();
  return file ? { kind: 'saved', file } : { kind: 'cancelled' };
}
