interface Waiter<V> {
  resolve(value: V): void;
  reject(error: unknown): void;
}

/**
 * Reads by key, batched the way group commit batches writes: a request that finds no read in
 * flight starts one at once (nothing waits for a timer); requests that arrive while one is in
 * flight wait for it and then go together in the next. Under a burst (thousands of sockets
 * connecting) that is a few queries per wave instead of a few per request.
 */
export class Coalescer<K, V> {
  private waiting = new Map<K, Array<Waiter<V>>>();
  private inFlight = 0;

  constructor(
    /** Reads every key; a key missing from the result fails its requests. */
    private readonly read: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 1,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.size > 0) {
      const batch = new Map<K, Array<Waiter<V>>>();
      for (const [key, list] of this.waiting) {
        if (batch.size >= this.maxBatch) break;
        batch.set(key, list);
      }
      for (const key of batch.keys()) this.waiting.delete(key);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Map<K, Array<Waiter<V>>>): Promise<void> {
    let values: Map<K, V>;
    try {
      values = await this.read([...batch.keys()]);
    } catch (error) {
      for (const list of batch.values()) for (const w of list) w.reject(error);
      return;
    }
    for (const [key, list] of batch) {
      if (values.has(key)) {
        const value = values.get(key) as V;
        for (const w of list) w.resolve(value);
      } else {
        const error = new Error(`no value read for ${String(key)}`);
        for (const w of list) w.reject(error);
      }
    }
  }
}
