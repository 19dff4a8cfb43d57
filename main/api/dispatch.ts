// The single path every call takes, whichever transport carried it: check the name, parse the input
// with the contract schema, run the handler, check the output, and turn any failure into an
// ApiResult with a closed error code. Inputs hold passphrases, so nothing here ever logs them.
import type { z } from 'zod';
import { API, type ApiName, type ApiParsedInput, type ApiResult } from '../../shared/api-contract';
import { ERROR_MESSAGES, SakshyaError, type ErrorCode } from '../../shared/errors';
import type { ApiHandler, ApiHandlers } from './handlers';

export interface DispatchOptions {
  /** Where the redacted one-line summary of an unexpected failure goes; stderr by default. */
  log?: (line: string) => void;
}

const MAX_LISTED_FIELDS = 10;
const SAFE_TOKEN = /^[A-Za-z0-9_]{1,40}$/;

export function isApiName(name: string): name is ApiName {
  return Object.hasOwn(API, name);
}

export async function dispatchCall(
  handlers: ApiHandlers,
  name: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<ApiResult<unknown>> {
  if (!isApiName(name))
    return failWith('INVALID_INPUT', `${ERROR_MESSAGES.en.INVALID_INPUT} (unknown call)`);
  const log = options.log ?? logToStderr;
  const entry = API[name];
  const parsed = entry.input.safeParse(rawInput);
  if (!parsed.success) return failWith('INVALID_INPUT', describeInvalidInput(parsed.error));

  let value: unknown;
  try {
    value = await callHandler(handlers, name, parsed.data);
  } catch (error) {
    if (error instanceof SakshyaError) return failWith(error.code, ERROR_MESSAGES.en[error.code]);
    log(summariseFailure(name, error));
    return failWith('INTERNAL', ERROR_MESSAGES.en.INTERNAL);
  }

  const output = entry.output.safeParse(value);
  if (!output.success) {
    log(`[sakshya] ${name} failed: INTERNAL (the result did not match the contract)`);
    return failWith('INTERNAL', ERROR_MESSAGES.en.INTERNAL);
  }
  return { ok: true, value: output.data };
}

/** Generic so the mapped handler table is indexed by one name, pairing each handler with its input. */
function callHandler<N extends ApiName>(
  handlers: ApiHandlers,
  name: N,
  input: ApiParsedInput<N>,
): ReturnType<ApiHandler<N>> {
  const handler: ApiHandler<N> = handlers[name];
  return handler(input);
}

export function failWith(code: ErrorCode, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/** Field paths only: zod messages and values can echo what was typed, which may be a passphrase. */
function describeInvalidInput(error: z.ZodError): string {
  const fields = new Set<string>();
  for (const issue of error.issues) {
    fields.add(issue.path.length === 0 ? '(input)' : issue.path.map(String).join('.'));
  }
  const listed = [...fields].slice(0, MAX_LISTED_FIELDS).join(', ');
  return `${ERROR_MESSAGES.en.INVALID_INPUT} (${listed})`;
}

/**
 * The error's class name and system code (ENOENT, SQLITE_BUSY) only. Messages are left out on
 * purpose: JSON.parse, SQLite and zod all quote the text they choked on.
 */
export function summariseFailure(name: string, error: unknown): string {
  const parts: string[] = [];
  if (error instanceof Error && SAFE_TOKEN.test(error.name)) parts.push(error.name);
  else parts.push(typeof error);
  const code = readCode(error);
  if (code !== undefined) parts.push(`code=${code}`);
  return `[sakshya] ${name} failed: INTERNAL (${parts.join(' ')})`;
}

function readCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' && SAFE_TOKEN.test(code) ? code : undefined;
}

function logToStderr(line: string): void {
  console.error(line);
}
