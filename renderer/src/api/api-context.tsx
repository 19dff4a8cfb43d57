// Screens get the API from context rather than a global, so component tests can hand in one built
// over an in-memory transport.
import { createContext, use } from 'react';
import type { SakshyaApi } from './page-api';

export const ApiContext = createContext<SakshyaApi | null>(null);

export function useApi(): SakshyaApi {
  const api = use(ApiContext);
  if (api === null) throw new Error('useApi needs an ApiContext provider');
  return api;
}
