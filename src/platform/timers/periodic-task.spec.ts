import { PeriodicTask } from './periodic-task';

describe('a periodic task', () => {
  const never = () => undefined;

  it('given a run in hand, when it is due again, then the second call joins the first', async () => {
    let runs = 0;
    let finish!: () => void;
    const task = new PeriodicTask(
      60_000,
      () => {
        runs += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      never,
    );
    const first = task.runNow();
    const second = task.runNow();
    finish();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    const next = task.runNow(); // the first has ended: this one is a run of its own
    finish();
    await next;
    expect(runs).toBe(2);
  });

  it('given a failing run, then the failure is reported and the next run still comes', async () => {
    const failures: unknown[] = [];
    let runs = 0;
    const task = new PeriodicTask(
      60_000,
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('database away');
      },
      (error) => void failures.push(error),
    );
    await task.runNow();
    await task.runNow();
    expect(failures).toEqual([new Error('database away')]);
    expect(runs).toBe(2);
  });

  it('given it is stopped, when stop resolves, then the run in hand has ended and no run starts again', async () => {
    let runs = 0;
    let ended = false;
    const task = new PeriodicTask(
      5,
      async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 30));
        ended = true;
      },
      never,
    );
    const started = task.start();
    await task.stop();
    expect(ended).toBe(true);
    await started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await task.runNow();
    expect(runs).toBe(1);
  });
});
