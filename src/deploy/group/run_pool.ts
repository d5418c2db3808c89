/**
 * Runs `work` for each item, at most `limit` at once, starting them in order. Before each start
 * `mayStart` is asked; once it says no, the items not yet started are handed to `skip` instead.
 * Resolves when every started item has finished; `work` must not throw.
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  mayStart: () => boolean = () => true,
  skip: (item: T, index: number) => void = () => {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      if (!mayStart()) {
        skip(item, index);
        continue;
      }
      await work(item, index);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}
