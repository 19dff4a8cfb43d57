// THE one IPC wrapper. Every contract call gets one `ipcMain.handle` on `sakshya:<domain:verb>`;
// each call first proves it came from our window's app:// page, then takes the same dispatch path
// as the web transport. Events go back on the single `sakshya:event` channel.
import { API_NAMES, EVENTS, type ApiResult } from '../../shared/api-contract';
import { ERROR_MESSAGES } from '../../shared/errors';
import { dispatchCall, failWith, type DispatchOptions } from '../api/dispatch';
import type { ApiHandlers } from '../api/handlers';
import type { EmitEvent } from '../api/locker';
import { isAppUrl } from './app-origin';
import { EVENT_CHANNEL, channelFor } from './channels';

/** The parts of IpcMainInvokeEvent we read; `senderFrame` is null once the frame has gone. */
export interface InvokeEvent {
  readonly sender: unknown;
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEvent, input: unknown) => Promise<ApiResult<unknown>>,
  ): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: InvokeEvent) => boolean;

interface WindowRef {
  readonly webContents: unknown;
  isDestroyed(): boolean;
}

interface EventTarget {
  readonly webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
  isDestroyed(): boolean;
}

/** Trusts only our window's own WebContents showing an app://sakshya page. */
export function createSenderCheck(getWindow: () => WindowRef | undefined): SenderCheck {
  return (event) => {
    const window = getWindow();
    if (window === undefined || window.isDestroyed() || event.sender !== window.webContents)
      return false;
    const url = event.senderFrame?.url;
    return url !== undefined && isAppUrl(url);
  };
}

/** Where a trusted call goes: the core host (the app), or a handler table run here (tests). */
export type CallTarget =
  ApiHandlers | { call(name: string, input: unknown): Promise<ApiResult<unknown>> };

/** Registers every contract call; returns a function that removes them all again. */
export function registerHandlers(
  ipcMain: IpcMainLike,
  target: CallTarget,
  isTrustedSender: SenderCheck,
  options: DispatchOptions = {},
): () => void {
  const forward = selectForward(target, options);
  const channels = API_NAMES.map((name) => {
    const channel = channelFor(name);
    // eslint-disable-next-line no-restricted-syntax -- the one IPC wrapper
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrustedSender(event))
        return failWith('FORBIDDEN_SENDER', ERROR_MESSAGES.en.FORBIDDEN_SENDER);
      return forward(name, input);
    });
    return channel;
  });
  return () => {
    // eslint-disable-next-line no-restricted-syntax -- the one IPC wrapper
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function selectForward(
  target: CallTarget,
  options: DispatchOptions,
): (name: string, input: unknown) => Promise<ApiResult<unknown>> {
  if ('call' in target) return (name, input) => target.call(name, input);
  return (name, input) => dispatchCall(target, name, input, options);
}

/** Pushes a contract event to the window, if it is still there. Payloads are checked like outputs. */
export function createEventSender(getWindow: () => EventTarget | undefined): EmitEvent {
  return (event, payload) => {
    const window = getWindow();
    if (window === undefined || window.isDestroyed() || window.webContents.isDestroyed()) return;
    const checked = EVENTS[event].parse(payload);
    window.webContents.send(EVENT_CHANNEL, { event, payload: checked });
  };
}
