import { EventEmitter } from "node:events";

/**
 * Wakes this replica's waiting agent requests of a store when one of its jobs becomes ready or is
 * to be canceled. Another replica's change is found by the waiting request's own re-check
 * (LONG_POLL_RECHECK_MS), so the signal only makes the common case immediate.
 */
export class StoreSignal {
  private readonly emitter = new EventEmitter();

  constructor() {
    // one listener per waiting agent request
    this.emitter.setMaxListeners(0);
  }

  notify(storeId: string): void {
    this.emitter.emit(storeId);
  }

  /** Resolves at the next notify for the store, after `ms`, or when `signal` aborts. */
  wait(storeId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(storeId, done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.emitter.once(storeId, done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
