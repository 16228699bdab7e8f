/**
 * The only place ipcMain is used. Every contract channel is bound here, in
 * one loop, through the same two gates: the sender must be our window's main
 * frame showing our renderer page, and the input must pass the contract's
 * schema (dispatch). A refused call never reaches core.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import * as z from 'zod';
import { CHANNELS, IPC_PREFIX, type Envelope } from '../shared/contract';
import { REPORT_PDF_CHANNEL } from '../shared/ipc-names';
import { dispatch } from './core/app';
import { isRendererUrl } from './renderer-url';
import { saveReportPdf } from './report-pdf';
import type { Handlers } from './core/app';

export interface TrustedSender {
  /** The app window's web contents, or null when there is no window. */
  webContents(): WebContents | null;
  rendererUrl: string;
}

export const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'VALIDATION', message: 'Forbidden: this request did not come from the VPP Desk window.' },
};

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  trusted: TrustedSender,
): boolean {
  const contents = trusted.webContents();
  const frame = event.senderFrame;
  if (!contents || event.sender !== contents || !frame) return false;
  // Subframes and any page other than our own app:// renderer page (file:// included) are refused.
  return frame === contents.mainFrame && isRendererUrl(frame.url, trusted.rendererUrl);
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(handlers: Handlers, trusted: TrustedSender): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(
      IPC_PREFIX + channel,
      async (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope<unknown>> => {
        if (!isTrustedSender(event, trusted)) {
          console.warn(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
          return FORBIDDEN;
        }
        return dispatch(handlers, channel, raw);
      },
    );
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}

const NoInput = z.object({}).strict();

/**
 * The desktop-only capabilities (not contract channels: the CLI and the
 * preview host have no printToPDF), behind the same sender check and a
 * schema. Today one: save the license report as PDF (report-pdf.ts).
 */
export function registerDesktopIpc(handlers: Handlers, trusted: TrustedSender): () => void {
  ipcMain.handle(REPORT_PDF_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, trusted)) {
      console.warn(`[ipc] refused ${REPORT_PDF_CHANNEL} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return FORBIDDEN;
    }
    if (!NoInput.safeParse(raw ?? {}).success) {
      return {
        ok: false,
        error: { code: 'VALIDATION', message: 'The request was not valid: Save as PDF takes no input.' },
      };
    }
    return saveReportPdf({ handlers });
  });
  return () => ipcMain.removeHandler(REPORT_PDF_CHANNEL);
}
