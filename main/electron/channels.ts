// IPC channel names, shared by the main-side wrapper and the preload. Nothing else may know them.
import type { ApiName } from '../../shared/api-contract';

export const API_CHANNEL_PREFIX = 'sakshya:';
export const EVENT_CHANNEL = 'sakshya:event';

export function channelFor(name: ApiName): string {
  return `${API_CHANNEL_PREFIX}${name}`;
}
