// The viewer calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
import type { ApiCallTable } from './call-table';

export const VIEWER_CALLS = {} as const satisfies ApiCallTable;
