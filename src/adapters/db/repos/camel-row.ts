/** Rows as domain objects where a repo's object is just its row renamed: snake_case columns become camelCase keys. */

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

export type CamelRow<R> = { readonly [K in keyof R & string as Camel<K>]: R[K] };

/** The row with each column renamed (`portal_id` → `portalId`), values untouched, in column order. */
export function camelRow<R extends object>(row: R): CamelRow<R> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase()),
      value,
    ]),
  ) as CamelRow<R>;
}
