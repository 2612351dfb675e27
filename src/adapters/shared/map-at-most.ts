/** Runs an async map over items with at most a given number of calls under way at once (round trips overlap). */

/** Maps every item, at most `limit` at a time; the results are in the items' order. */
export async function mapAtMost<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  const entries = items.entries(); // shared by the lanes: each takes the next item
  const lane = async (): Promise<void> => {
    for (const [index, item] of entries) results[index] = await map(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
