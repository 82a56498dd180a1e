/**
 * @module sandbox/pagerduty/background
 * The emulator's work that outlives a request (webhooks being sent or waiting to retry, slow
 * answers): tracked so `idle()` can wait for it, its failures kept in `problems`, its waits cut short
 * by `stop()`; and `waitFor`, which re-checks a condition after every change.
 */

export class Background {
  /** What went wrong in the background: tests should expect none. */
  readonly problems: string[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();
  private isStopped = false;

  /** `recent` says what happened last, for the message of a `waitFor` that times out. */
  constructor(private readonly recent: () => string) {}

  get stopped(): boolean {
    return this.isStopped;
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    work.then(
      () => this.inFlight.delete(work),
      (error: unknown) => {
        this.inFlight.delete(work);
        if (!this.stopped) this.problems.push(error instanceof Error ? error.message : String(error));
        this.changed();
      },
    );
    return work;
  }

  /** A real wait (not the emulated clock's), rejected if the emulator stops first. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('emulator stopped'));
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      this.timers.add(entry);
    });
  }

  waitFor<T>(check: () => T | undefined | false, timeoutMs: number): Promise<T> {
    const first = check();
    if (first !== undefined && first !== false) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        const problems = this.problems.length > 0 ? `; problems: ${this.problems.join(' | ')}` : '';
        reject(new Error(`condition not met within ${timeoutMs} ms; ${this.recent()}${problems}`));
      }, timeoutMs);
      const poll = setInterval(listener, 25);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Cuts every wait short and waits for the rest of the work to end. */
  async stop(): Promise<void> {
    this.isStopped = true;
    for (const { timer, reject } of this.timers) {
      clearTimeout(timer);
      reject(new Error('emulator stopped'));
    }
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}
