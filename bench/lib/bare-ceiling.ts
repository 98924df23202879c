import type { LoadRequest } from './load';
import { CannonResult, runCannon } from './cannon';
import { startBareServer } from './server';

/**
 * The bare framework's ceiling (bench/bare/bare-server.ts), with the same clients, seconds and
 * requests as the app's arms of the same run; its process runs only while it is measured, so
 * it takes nothing from the arms measured after it.
 */
export async function measureBareCeiling(
  clients: number,
  seconds: number,
  next: (client: number, iteration: number) => LoadRequest,
): Promise<CannonResult> {
  const bare = await startBareServer(3997);
  try {
    await runCannon(bare.baseUrl, clients, 2, next); // warm-up, as the app's arms get
    return await runCannon(bare.baseUrl, clients, seconds, next);
  } finally {
    await bare.stop();
  }
}

/** A figure over its ceiling, to three decimals. */
export const ratio = (figure: number, ceiling: number): number =>
  Math.round((figure / ceiling) * 1000) / 1000;
