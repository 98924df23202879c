import { LoadRequest, LoadResult, runLoad } from './load';
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
): Promise<LoadResult> {
  const bare = await startBareServer(3997);
  try {
    await runLoad(bare.baseUrl, clients, 2, next); // warm-up, as the app's arms get
    return await runLoad(bare.baseUrl, clients, seconds, next);
  } finally {
    await bare.stop();
  }
}

/** A figure over its ceiling, to three decimals. */
export const ratio = (figure: number, ceiling: number): number =>
  Math.round((figure / ceiling) * 1000) / 1000;
