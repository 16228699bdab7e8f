/** Waits for `work`, but no longer than `waitMs`: null when the wait ran out first (the work goes on). */
export async function within<T>(work: Promise<T>, waitMs: number): Promise<T | null> {
  if (!Number.isFinite(waitMs)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
