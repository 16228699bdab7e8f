/**
 * Runs sandboxed in the window before the page. It exposes only the
 * intent-level `window.vpp` API from shared/api.ts: no ipcRenderer, no
 * generic send or invoke, and event listeners never receive the
 * IpcRendererEvent (which would hand the page `sender`). Only 'electron' is
 * required at run time; the build bundles the rest into dist/preload.cjs.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createVppApi } from '../shared/api';
import { IPC_PREFIX, REPORT_PDF_CHANNEL } from '../shared/ipc-names';
import { eventChannel } from './event-channel';

const api = createVppApi({
  invoke: (channel, request) => ipcRenderer.invoke(IPC_PREFIX + channel, request),
  on: (event, listener) => {
    const channel = eventChannel(event);
    const relay = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  },
  saveReportPdf: () => ipcRenderer.invoke(REPORT_PDF_CHANNEL, {}),
});

contextBridge.exposeInMainWorld('vpp', api);
