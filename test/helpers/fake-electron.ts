// A hand-written fake of the parts of Electron that main/electron uses: the one fake the tests allow.
// It records what our modules register and lets a test play Electron's side (navigate, ask for a
// permission, invoke a channel, suspend the machine). The parts are wired together like the real
// ones: a new window emits app 'web-contents-created', ipcRenderer.invoke reaches ipcMain's
// handlers, and webContents.send reaches ipcRenderer listeners.
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
  MessageBoxOptions,
} from 'electron';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface FakeInvokeEvent {
  sender: unknown;
  senderFrame: { url: string } | null;
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  /** Set by FakeElectron.connectRenderer: where send() delivers, like the real renderer side. */
  renderer: FakeIpcRenderer | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    this.renderer?.deliver(channel, args);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Plays Electron firing will-navigate (or will-redirect); true when our code prevented it. */
  tryNavigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const navigation = new FakeEvent();
    this.emit(event, navigation, url, false, true);
    return navigation.defaultPrevented;
  }

  tryFrameNavigate(url: string): boolean {
    const details = Object.assign(new FakeEvent(), { url, isMainFrame: false });
    this.emit('will-frame-navigate', details);
    return details.defaultPrevented;
  }

  tryAttachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return event.defaultPrevented;
  }

  tryWindowOpen(url: string): string {
    return this.windowOpenHandler?.({ url }).action ?? 'allow';
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  shown = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }

  show(): void {
    this.shown = true;
  }

  focus(): void {
    this.focused = true;
  }

  restore(): void {
    this.minimized = false;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeApp extends EventEmitter {
  isPackaged = false;
  ready = false;
  hasSingleInstanceLock = true;
  quitRequested = false;
  exitCode: number | undefined;
  home = '/home/asha';
  appUserModelId: string | undefined;

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }

  whenReady(): Promise<void> {
    if (!this.ready) {
      this.ready = true;
      this.emit('ready');
    }
    return Promise.resolve();
  }

  isReady(): boolean {
    return this.ready;
  }

  quit(): void {
    this.quitRequested = true;
  }

  exit(exitCode = 0): void {
    this.exitCode = exitCode;
  }

  getVersion(): string {
    return '0.1.0';
  }

  getPath(name: string): string {
    if (name !== 'home') throw new Error(`fake app has no path for ${name}`);
    return this.home;
  }
}

export class FakeSession {
  private permissionRequestHandler:
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | undefined;
  private permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | undefined;
  private devicePermissionHandler: ((details: unknown) => boolean) | undefined;
  private beforeRequest:
    | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void)
    | undefined;

  readonly webRequest = {
    onBeforeRequest: (
      listener: (
        details: { url: string },
        callback: (response: { cancel: boolean }) => void,
      ) => void,
    ): void => {
      this.beforeRequest = listener;
    },
  };

  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: (details: unknown) => boolean): void {
    this.devicePermissionHandler = handler;
  }

  /** Like Chromium without a handler: permissions are granted unless our code says otherwise. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (handler === undefined) return Promise.resolve(true);
    return new Promise((resolve) => {
      handler({}, permission, resolve);
    });
  }

  checkPermission(permission: string): boolean {
    return this.permissionCheckHandler?.({}, permission) ?? true;
  }

  checkDevicePermission(): boolean {
    return this.devicePermissionHandler?.({ deviceType: 'usb' }) ?? true;
  }

  /** True when the request would be cancelled. */
  isRequestBlocked(url: string): Promise<boolean> {
    const listener = this.beforeRequest;
    if (listener === undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      listener({ url }, (response) => {
        resolve(response.cancel);
      });
    });
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<
    string,
    (event: FakeInvokeEvent, input: unknown) => Promise<unknown>
  >();

  handle(
    channel: string,
    listener: (event: FakeInvokeEvent, input: unknown) => Promise<unknown>,
  ): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  invoke(channel: string, event: FakeInvokeEvent, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined)
      return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, input);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  /** Who Electron would say sent an invoke: set by FakeElectron.connectRenderer. */
  senderEvent: FakeInvokeEvent = { sender: undefined, senderFrame: null };

  constructor(private readonly ipcMain: FakeIpcMain) {
    super();
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.ipcMain.invoke(channel, this.senderEvent, args[0]);
  }

  send(channel: string): never {
    throw new Error(`fake ipcRenderer.send(${channel}) is not expected to be used`);
  }

  deliver(channel: string, args: unknown[]): void {
    // Electron passes an IpcRendererEvent whose `sender` is ipcRenderer itself.
    this.emit(channel, { sender: this, senderId: 0 }, ...args);
  }
}

export class FakeProtocol {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response>>();

  constructor(private readonly app: FakeApp) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.app.ready)
      throw new Error('registerSchemesAsPrivileged must be called before app is ready');
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    if (!this.app.ready) throw new Error('protocol.handle must be called after app is ready');
    this.handlers.set(scheme, handler);
  }

  fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = this.handlers.get(scheme);
    if (handler === undefined) return Promise.reject(new Error(`no handler for ${scheme}:`));
    return handler(new Request(url, init));
  }
}

export class FakeDialog {
  readonly shown: MessageBoxOptions[] = [];
  /** Button indexes the "user" will click, in order; then the cancel button. */
  readonly responses: number[] = [];

  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }> {
    this.shown.push(options);
    return Promise.resolve({ response: this.responses.shift() ?? options.cancelId ?? 0 });
  }
}

/** Electron's powerMonitor: events a test fires, and the system idle time a test sets. */
export class FakePowerMonitor extends EventEmitter {
  /** Seconds since the last input anywhere on the system, as getSystemIdleTime reports it. */
  idleSeconds = 0;

  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}

export class FakeClipboard {
  text = '';
  writeText(text: string): void {
    this.text = text;
  }

  readText(): string {
    return this.text;
  }
}

export interface FakeMenu {
  template: MenuItemConstructorOptions[];
}

export class FakeMenuApi {
  applicationMenu: FakeMenu | null = null;

  buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
    return { template };
  }

  setApplicationMenu(menu: FakeMenu | null): void {
    this.applicationMenu = menu;
  }

  findItem(id: string): MenuItemConstructorOptions | undefined {
    const search = (
      items: MenuItemConstructorOptions[],
    ): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (item.id === id) return item;
        if (Array.isArray(item.submenu)) {
          const found = search(item.submenu);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    };
    return search(this.applicationMenu?.template ?? []);
  }

  /** Clicks a menu item the way the accelerator or a mouse would. */
  click(id: string): void {
    const click = this.findItem(id)?.click;
    if (click === undefined) throw new Error(`no clickable menu item '${id}'`);
    (click as () => void)();
  }
}

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property '${key}'`);
    this.exposed.set(key, api);
  }
}

export interface FakeElectron {
  app: FakeApp;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => FakeBrowserWindow;
  windows: FakeBrowserWindow[];
  session: { defaultSession: FakeSession };
  ipcMain: FakeIpcMain;
  ipcRenderer: FakeIpcRenderer;
  protocol: FakeProtocol;
  dialog: FakeDialog;
  clipboard: FakeClipboard;
  powerMonitor: FakePowerMonitor;
  Menu: FakeMenuApi;
  contextBridge: FakeContextBridge;
  process: EventEmitter;
  /** Makes ipcRenderer speak for `contents` showing `url`, and routes contents.send to it. */
  connectRenderer(contents: FakeWebContents, url: string): void;
}

export function createFakeElectron(): FakeElectron {
  const app = new FakeApp();
  const ipcMain = new FakeIpcMain();
  const fakeIpcRenderer = new FakeIpcRenderer(ipcMain);
  const windows: FakeBrowserWindow[] = [];

  class BrowserWindow extends FakeBrowserWindow {
    constructor(options: BrowserWindowConstructorOptions) {
      super(options);
      windows.push(this);
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
  }

  return {
    app,
    BrowserWindow,
    windows,
    session: { defaultSession: new FakeSession() },
    ipcMain,
    ipcRenderer: fakeIpcRenderer,
    protocol: new FakeProtocol(app),
    dialog: new FakeDialog(),
    clipboard: new FakeClipboard(),
    powerMonitor: new FakePowerMonitor(),
    Menu: new FakeMenuApi(),
    contextBridge: new FakeContextBridge(),
    process: new EventEmitter(),
    connectRenderer(contents, url) {
      fakeIpcRenderer.senderEvent = { sender: contents, senderFrame: { url } };
      contents.renderer = fakeIpcRenderer;
    },
  };
}
