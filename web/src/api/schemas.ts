// Small zod/mini building blocks of the API clients whose answers are not yet in the shared contract.
import { z } from 'zod/mini';

/** Ids may come as numbers or strings; the UI only compares and sends them back, so they become strings. */
export const idSchema = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((value) => String(value)),
);
/** An optional, nullable value read as null when absent (the UI never needs to tell the two apart). */
export const maybeText = z.pipe(
  z.optional(z.nullable(z.string())),
  z.transform((value) => value ?? null),
);

/** A query string from the set parameters only (empty strings and nulls left out). */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
