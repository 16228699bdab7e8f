/**
 * IPC channel naming, in a file of its own with no imports: the sandboxed
 * preload needs this string without bundling the schemas behind the contract.
 */
export const IPC_PREFIX = 'vpp:';

/**
 * Desktop-only: main saves the license report as a PDF (electron/report-pdf.ts).
 * Not a contract channel, so the CLI and the browser preview host never serve it.
 */
export const REPORT_PDF_CHANNEL = `${IPC_PREFIX}desktop:report-pdf`;
