import type { LoadRequest } from './load';
import { CannonResult, runCannon } from './cannon';
import { BenchServer, startBareServer } from './server';

/**
 * The bare framework (bench/bare/bare-server.ts) in a process of its own, idle but for the
 * rounds in which it is measured.
 */
export function startBare(): Promise<BenchServer> {
  return startBareServer(3997);
}

/** One arm of a comparison: how to load it for `seconds`. */
export type Arm = (seconds: number) => Promise<CannonResult>;

export interface ArmResult extends CannonResult {
  /** requests/s of each round, in order; the figures above are the median round's. */
  readonly rounds: readonly number[];
}

/**
 * Measures every arm in BENCH_ROUNDS (default 3) interleaved rounds, each arm warmed up first:
 * the machine's neighbours come and go, and a ratio of two arms measured minutes apart would
 * measure them too. Each arm reports its median round; each ratio is the median of the ratios
 * of the rounds.
 */
export async function measureRounds<K extends string>(
  seconds: number,
  arms: Record<K, Arm>,
): Promise<{ results: Record<K, ArmResult>; perRound: Record<K, number>[] }> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const names = Object.keys(arms) as K[];
  for (const name of names) await arms[name](2); // warm-up
  const perRound: Record<K, CannonResult>[] = [];
  for (let round = 0; round < rounds; round++) {
    const results = {} as Record<K, CannonResult>;
    for (const name of names) results[name] = await arms[name](seconds);
    perRound.push(results);
  }
  const results = {} as Record<K, ArmResult>;
  for (const name of names) {
    const sorted = perRound.map((r) => r[name]).sort((a, b) => a.perSecond - b.perSecond);
    const median = sorted[Math.floor(sorted.length / 2)];
    results[name] = { ...median, rounds: perRound.map((r) => r[name].perSecond) };
  }
  return {
    results,
    perRound: perRound.map((r) => {
      const rates = {} as Record<K, number>;
      for (const name of names) rates[name] = r[name].perSecond;
      return rates;
    }),
  };
}

/** The median over rounds of one arm's rate over another's. */
export function medianRatio<K extends string>(
  perRound: readonly Record<K, number>[],
  figure: K,
  ceiling: K,
): number {
  const ratios = perRound.map((r) => r[figure] / r[ceiling]).sort((a, b) => a - b);
  return Math.round(ratios[Math.floor(ratios.length / 2)] * 1000) / 1000;
}

/** An arm that loads `server` with each client cycling through `cycleOf(client)`. */
export function armOf(
  server: { baseUrl: string },
  clients: number,
  cycleOf: (client: number) => readonly LoadRequest[],
): Arm {
  return (seconds) => runCannon(server.baseUrl, clients, seconds, cycleOf);
}

/** What a report keeps of an arm. */
export function armFigures(result: ArmResult) {
  const { perSecond, rounds, p50Ms, p99Ms, statuses } = result;
  return { perSecond, rounds, p50Ms, p99Ms, statuses };
}

/** A figure over its ceiling, to three decimals. */
export const ratio = (figure: number, ceiling: number): number =>
  Math.round((figure / ceiling) * 1000) / 1000;
