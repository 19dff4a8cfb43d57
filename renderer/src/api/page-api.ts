// `window.sakshya` as the page sees it: the contract's calls (shared/api-contract.ts) with the
// page's own File and AbortSignal filled in, which shared/ cannot name (it has no DOM types).
import type {
  SakshyaApi as ContractApi,
  SakshyaFiles as ContractFiles,
} from '../../../shared/api-contract';

export type SakshyaApi = ContractApi<File, AbortSignal>;
export type SakshyaFiles = ContractFiles<File, AbortSignal>;
