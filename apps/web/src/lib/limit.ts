/**
 * Runs at most `n` tasks at once, the rest in the order they came. The upload endpoint takes a
 * couple of PDFs per account at a time (it answers more with 503 UPLOADS_BUSY), so a customer who
 * drops ten files gets them checked two by two instead of eight refusals.
 */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        task().then(resolve, reject).finally(next);
      };
      if (running < n) start();
      else waiting.push(start);
    });
}
