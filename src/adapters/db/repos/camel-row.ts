/** Rows as domain objects where a repo's object is just its row renamed: snake_case columns ⇄ camelCase keys. */

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

export type CamelRow<R> = { readonly [K in keyof R & string as Camel<K>]: R[K] };

function camelName(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/** The row with each column renamed (`portal_id` → `portalId`), values untouched, in column order. */
export function camelRow<R extends object>(row: R): CamelRow<R> {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [camelName(column), value])) as CamelRow<R>;
}

type Snake<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${Snake<Tail>}`
  : S;

export type SnakeRow<O> = { readonly [K in keyof O & string as Snake<K>]: O[K] };

/** The reverse of {@link camelRow}: each key as its column (`portalId` → `portal_id`), values untouched. */
export function snakeRow<O extends object>(object: O): SnakeRow<O> {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [key.replace(/[A-Z]/g, (upper) => `_${upper.toLowerCase()}`), value]),
  ) as SnakeRow<O>;
}

/** A column selected under its camelCase name, of the table aliased `T` (or of the only table, with no alias). */
type CamelColumn<T extends string, C extends string> = {
  [K in C]: T extends '' ? `${K} as ${Camel<K>}` : `${T}.${K} as ${Camel<K>}`;
}[C];

/**
 * Select expressions that read each column under its camelCase name (`deep_link as deepLink`), in the given order, so
 * a query returns the domain object directly. `table`: the alias to qualify them with in a join.
 */
export function camelColumns<C extends string, T extends string = ''>(
  columns: readonly C[],
  table?: T,
): CamelColumn<T, C>[] {
  const prefix = table === undefined || table === '' ? '' : `${table}.`;
  return columns.map((column) => `${prefix}${column} as ${camelName(column)}` as CamelColumn<T, C>);
}
