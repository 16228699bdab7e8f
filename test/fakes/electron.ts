/**
 * A fake of the parts of `electron` the thin Electron layer uses. The real
 * binary cannot run on the build machines, so test/setup.ts swaps this in
 * for the whole suite. It keeps the behaviours our code relies on (events,
 * preventDefault, handler registries (IPC and protocol), web-contents-created on window
 * creation, main↔renderer IPC) and records everything for assertions.
 * Tests inspect and reset it through `fakeElectron`.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** The `details` event of will-navigate / will-redirect. */
export class FakeNavigationEvent extends FakeEvent {
  constructor(
    readonly url: string,
    readonly isMainFrame = true,
  ) {
    super();
  }
}

export class FakeWebFrameMain {
  constructor(public url: string) {}
}

export interface WindowOpenDetails {
  url: string;
  frameName?: string;
  disposition?: string;
}
export type WindowOpenHandler = (details: WindowOpenDetails) => { action: 'allow' | 'deny' };

let nextContentsId = 1;

/** What the fake printToPDF returns for a page: fake PDF bytes naming the page, so tests can tell whose they are. */
export function fakePdf(url: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% fake print of ${url}\n%%EOF\n`, 'utf8');
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame = new FakeWebFrameMain('about:blank');
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  private destroyed = false;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** main → renderer; delivered to the one fake renderer (ipcRenderer). */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
    ipcRenderer.emit(channel, new FakeEvent(), ...args);
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  /** Like Electron's: the options are recorded; fails once the contents are gone. Spy on the prototype to make it fail. */
  readonly printedToPdf: Array<Record<string, unknown>> = [];
  printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    if (this.destroyed) return Promise.reject(new Error('Object has been destroyed'));
    this.printedToPdf.push(options);
    return Promise.resolve(fakePdf(this.getURL()));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  // ---- test helpers: what a page would trigger ----
  /** window.open / target=_blank from the page. */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    // Electron allows when no handler is set; a missing handler is a failure here.
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url, frameName: '', disposition: 'new-window' });
  }

  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): FakeNavigationEvent {
    const event = new FakeNavigationEvent(url);
    this.emit(kind, event, url);
    return event;
  }

  attachWebview(): FakeEvent {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, { src: 'https://example.com' });
    return event;
  }
}

export interface FakeWindowOptions {
  title?: string;
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  icon?: string;
  webPreferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return state.windows.filter((w) => !w.isDestroyed());
  }

  readonly webContents = new FakeWebContents();
  loadedFile: string | null = null;
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;

  constructor(readonly options: FakeWindowOptions = {}) {
    super();
    state.windows.push(this);
    // Like Electron: the app hears about the new contents before anything loads.
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }

  loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  getTitle(): string {
    return this.options.title ?? '';
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

class FakeApp extends EventEmitter {
  singleInstanceLock = true;
  version = '0.1.0';
  isPackaged = false;
  paths: Record<string, string> = { userData: '/fake/user-data' };
  ready = false;
  /** Set once a quit went through (before-quit not prevented). */
  quitted = false;
  exitCode: number | null = null;

  readonly quit = vi.fn((): void => {
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitted = true;
    this.emit('will-quit', new FakeEvent());
    this.emit('quit');
  });
  readonly exit = vi.fn((code = 0): void => {
    this.exitCode = code;
  });
  readonly setAppUserModelId = vi.fn((_id: string): void => {});
  readonly requestSingleInstanceLock = vi.fn((): boolean => this.singleInstanceLock);

  getPath(name: string): string {
    return this.paths[name] ?? `/fake/${name}`;
  }
  getVersion(): string {
    return this.version;
  }
  getName(): string {
    return 'VPP Desk';
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    if (!this.ready) {
      this.ready = true;
      this.emit('ready');
    }
    return Promise.resolve();
  }
}

export type IpcHandler = (event: FakeIpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeIpcMainInvokeEvent {
  sender: FakeWebContents;
  senderFrame: FakeWebFrameMain | null;
}

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, IpcHandler>();

  handle(channel: string, handler: IpcHandler): void {
    // Electron throws on a second registration; so do we, to catch double binding.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke would do, from the given sender. */
  async invoke(channel: string, event: FakeIpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // Electron sends a structured clone; JSON is close enough for our plain data.
    const cloned = args.map((a) => (a === undefined ? a : (JSON.parse(JSON.stringify(a)) as unknown)));
    return handler(event, ...cloned);
  }
}

class FakeIpcRenderer extends EventEmitter {
  /** Routed to ipcMain as if sent from `fakeElectron.rendererFrame()`. */
  readonly invoke = vi.fn((channel: string, ...args: unknown[]): Promise<unknown> =>
    ipcMain.invoke(channel, rendererEvent(), ...args),
  );
  readonly send = vi.fn((_channel: string, ..._args: unknown[]): void => {});
}

export class FakeNativeImage {
  template = false;
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return this.path === '';
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

export const nativeImage = {
  createFromPath: (path: string): FakeNativeImage => new FakeNativeImage(path),
  createEmpty: (): FakeNativeImage => new FakeNativeImage(''),
};

export interface FakeMenuItemOptions {
  id?: string;
  label?: string;
  type?: string;
  role?: string;
  enabled?: boolean;
  click?: (...args: unknown[]) => void;
  submenu?: FakeMenuItemOptions[];
}

export class Menu {
  static buildFromTemplate(template: FakeMenuItemOptions[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    state.applicationMenu = menu;
    state.applicationMenuSet = true;
  }
  static getApplicationMenu(): Menu | null {
    return state.applicationMenu;
  }

  constructor(readonly items: FakeMenuItemOptions[]) {}

  getMenuItemById(id: string): FakeMenuItemOptions | null {
    return this.items.find((i) => i.id === id) ?? null;
  }
}

export class Tray extends EventEmitter {
  tooltip = '';
  /** Text beside the icon in the macOS menu bar. */
  title = '';
  contextMenu: Menu | null = null;
  private destroyed = false;

  constructor(readonly image: FakeNativeImage | string) {
    super();
    state.trays.push(this);
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: Menu | null): void {
    this.contextMenu = menu;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The current menu item with this label prefix (test helper). */
  item(labelPrefix: string): FakeMenuItemOptions | undefined {
    return this.contextMenu?.items.find((i) => i.label?.startsWith(labelPrefix));
  }
}

export interface FakeNotificationOptions {
  title?: string;
  body?: string;
  silent?: boolean;
}

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return state.notificationsSupported;
  }

  shown = false;

  constructor(readonly options: FakeNotificationOptions = {}) {
    super();
    state.notifications.push(this);
  }
  show(): void {
    this.shown = true;
    this.emit('show');
  }
  close(): void {
    this.emit('close');
  }
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      state.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      state.permissionCheckHandler = handler;
    },
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (state.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    state.exposed.set(key, api);
  },
};

export const shell = {
  openExternal: vi.fn((_url: string): Promise<void> => Promise.resolve()),
  showItemInFolder: vi.fn((_path: string): void => {}),
};

export interface FakeSaveDialogOptions {
  title?: string;
  defaultPath?: string;
  filters?: Array<{ name: string; extensions: string[] }>;
}

export const dialog = {
  showErrorBox: vi.fn((_title: string, _content: string): void => {}),
  /** Cancelled unless a test answers with mockResolvedValueOnce({ canceled: false, filePath }). */
  showSaveDialog: vi.fn((_options: FakeSaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }> =>
    Promise.resolve({ canceled: true }),
  ),
};

export interface FakeCustomScheme {
  scheme: string;
  privileges?: Record<string, boolean>;
}
export type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export const protocol = {
  /** Like Electron: only before app is ready, and only once per scheme list. */
  registerSchemesAsPrivileged(schemes: FakeCustomScheme[]): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    state.privilegedSchemes.push(...schemes);
  },
  /** Like Electron: only after ready, and a second handler for a scheme throws. */
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle should be called after app is ready');
    if (state.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    state.protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return state.protocolHandlers.has(scheme);
  },
};

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();

interface FakeState {
  windows: BrowserWindow[];
  trays: Tray[];
  notifications: Notification[];
  notificationsSupported: boolean;
  exposed: Map<string, unknown>;
  applicationMenu: Menu | null;
  applicationMenuSet: boolean;
  permissionRequestHandler: PermissionRequestHandler | null;
  permissionCheckHandler: PermissionCheckHandler | null;
  /** Who ipcRenderer.invoke claims to be; defaults to the newest window's main frame. */
  renderer: FakeIpcMainInvokeEvent | null;
  privilegedSchemes: FakeCustomScheme[];
  protocolHandlers: Map<string, ProtocolHandler>;
}

function freshState(): FakeState {
  return {
    windows: [],
    trays: [],
    notifications: [],
    notificationsSupported: true,
    exposed: new Map(),
    applicationMenu: null,
    applicationMenuSet: false,
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    renderer: null,
    privilegedSchemes: [],
    protocolHandlers: new Map(),
  };
}

let state = freshState();

function rendererEvent(): FakeIpcMainInvokeEvent {
  if (state.renderer) return state.renderer;
  const win = state.windows.at(-1);
  if (!win) throw new Error('fake electron: ipcRenderer.invoke with no window (use fakeElectron.setRenderer)');
  return { sender: win.webContents, senderFrame: win.webContents.mainFrame };
}

export const fakeElectron = {
  get windows(): BrowserWindow[] {
    return state.windows;
  },
  get trays(): Tray[] {
    return state.trays;
  },
  get notifications(): Notification[] {
    return state.notifications;
  },
  get exposed(): Map<string, unknown> {
    return state.exposed;
  },
  get applicationMenu(): { set: boolean; menu: Menu | null } {
    return { set: state.applicationMenuSet, menu: state.applicationMenu };
  },
  get permissionRequestHandler(): PermissionRequestHandler | null {
    return state.permissionRequestHandler;
  },
  get permissionCheckHandler(): PermissionCheckHandler | null {
    return state.permissionCheckHandler;
  },
  get privilegedSchemes(): FakeCustomScheme[] {
    return state.privilegedSchemes;
  },
  /** What the page's request for `url` gets from the registered handler of its scheme. */
  async request(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = state.protocolHandlers.get(scheme);
    if (!handler) throw new Error(`fake electron: no protocol handler for ${scheme}:`);
    return handler(new Request(url, init));
  },
  setNotificationsSupported(on: boolean): void {
    state.notificationsSupported = on;
  },
  /** Make ipcRenderer.invoke come from somewhere else (a subframe, another page). */
  setRenderer(event: FakeIpcMainInvokeEvent | null): void {
    state.renderer = event;
  },
  lastWindow(): BrowserWindow {
    const win = state.windows.at(-1);
    if (!win) throw new Error('fake electron: no window was created');
    return win;
  },
  lastTray(): Tray {
    const tray = state.trays.at(-1);
    if (!tray) throw new Error('fake electron: no tray was created');
    return tray;
  },
  /** Back to a just-launched app: no listeners, handlers, windows or records. */
  reset(): void {
    state = freshState();
    app.removeAllListeners();
    app.singleInstanceLock = true;
    app.version = '0.1.0';
    app.isPackaged = false;
    app.paths = { userData: '/fake/user-data' };
    app.ready = false;
    app.quitted = false;
    app.exitCode = null;
    app.quit.mockClear();
    app.exit.mockClear();
    app.setAppUserModelId.mockClear();
    app.requestSingleInstanceLock.mockClear();
    ipcMain.removeAllListeners();
    ipcMain.handlers.clear();
    ipcRenderer.removeAllListeners();
    ipcRenderer.invoke.mockClear();
    ipcRenderer.send.mockClear();
    shell.openExternal.mockClear();
    shell.showItemInFolder.mockClear();
    dialog.showErrorBox.mockClear();
    dialog.showSaveDialog.mockClear();
  },
};
