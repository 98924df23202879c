/**
 * Work this process does every `intervalMs`, one run at a time: a run still going when the
 * next is due makes that one a no-op. A timer in the process, not a BullMQ repeatable job,
 * because a flushed Redis would take a repeatable job with it. The timer does not keep the
 * process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    /** A failed run is reported here; the next run comes at the next interval. */
    private readonly onFailure: (error: unknown) => void | Promise<void>,
  ) {}

  /** Starts the timer and runs once now; resolves when that first run has ended. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
    return this.runNow();
  }

  /** Runs now, or joins the run in hand; nothing once stopped. */
  runNow(): Promise<void> {
    if (this.stopped || this.running) return this.running ?? Promise.resolve();
    this.running = this.work()
      .catch((error: unknown) => this.onFailure(error))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** No more runs; resolves when the run in hand has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
