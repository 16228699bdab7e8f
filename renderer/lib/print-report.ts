/**
 * Printing the license report. The report's HTML comes from core
 * (insight:report, every value escaped); the window shows its body on the
 * Report page and prints that page with a print stylesheet that hides the
 * shell, so "Save as PDF" is the print dialog's own PDF destination.
 *
 * Seam for Electron: when the preload gains a `saveReportPdf` method (main
 * calls webContents.printToPDF on this same print view and asks where to
 * save), `printReport` should call it instead of window.print(). The browser
 * preview host has no printToPDF, so it keeps window.print().
 */

/** The report document's body markup, without its head (its inline style is replaced by report.css). */
export function reportBody(html: string): { title: string; body: string } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  // Parsed inert: DOMParser runs no scripts, and the window's CSP would refuse any that slipped into the markup.
  doc.querySelectorAll('script, style, meta, link, iframe, object, embed').forEach((n) => n.remove());
  return { title: doc.title, body: doc.body.innerHTML };
}

export function printReport(): void {
  window.print();
}
