// Runs in the sandboxed renderer before the page. Exposes exactly one thing, `window.sakshya`, built
// from the contract: no ipcRenderer, no channel names, no Node, and event listeners never see the
// IPC event object (its `sender` would hand the page ipcRenderer itself).
// eslint-disable-next-line no-restricted-imports -- the preload is the one renderer-side IPC user
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  buildSakshyaApi,
  type ApiResult,
  type EventName,
  type Invoke,
  type SakshyaFiles,
  type Subscribe,
} from '../../shared/api-contract';
import { EVENT_CHANNEL, channelFor } from './channels';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

const invoke: Invoke = async (name, input) => {
  // eslint-disable-next-line no-restricted-syntax -- the preload is the one renderer-side IPC user
  const result: unknown = await ipcRenderer.invoke(channelFor(name), input);
  return result as ApiResult<unknown>;
};

const subscribe: Subscribe = (event, listener) => {
  let set = listeners.get(event);
  if (set === undefined) {
    set = new Set();
    listeners.set(event, set);
  }
  set.add(listener);
  return () => {
    listeners.get(event)?.delete(listener);
  };
};

// eslint-disable-next-line no-restricted-syntax -- the preload is the one renderer-side IPC user
ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  for (const [name, set] of listeners) {
    if (name !== event) continue;
    for (const listener of set) listener(payload);
  }
});

// Dropped and chosen files carry their real path only here, in the preload. The page gets the
// paths of the files the user handed it, and nothing else of the file system.
// The page's File, as Electron names it (this file is type-checked with main/, which has no DOM).
type PageFile = Parameters<typeof webUtils.getPathForFile>[0];
const files: SakshyaFiles<PageFile, never> = {
  pathsFor: (list) => list.map((file) => webUtils.getPathForFile(file)),
};

contextBridge.exposeInMainWorld('sakshya', { ...buildSakshyaApi(invoke, subscribe), files });
