// The shape every slice of the contract has: `domain:verb` to an input and an output schema.
import type { z } from 'zod';

export type ApiCallTable = Record<`${string}:${string}`, { input: z.ZodType; output: z.ZodType }>;
