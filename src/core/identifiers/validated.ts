/** The result shape every identifier validator returns: the normalised value, or a reason code for the user. */

/** `ok` with the normalised value, or not ok with a stable reason code (translated by the UI). */
export type Validated<T, R extends string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: R };

/** Wraps a normalised value. */
export function valid<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps a rejection reason. */
export function invalid<R extends string>(reason: R): { readonly ok: false; readonly reason: R } {
  return { ok: false, reason };
}
