import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 4 KiB at a time: one call per id into the CSPRNG cost more than the id. */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * RFC 9562 UUID version 7: 48 bits of Unix milliseconds, then random bits. Time-ordered, so
 * ids minted at the edge index well. Infrastructure only: deciders receive ids, never mint them.
 */
export function uuidv7(now: number = Date.now()): string {
  if (poolOffset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  pool.copy(bytes, 0, poolOffset, poolOffset + 16);
  // Each random byte is used once: the pool is refilled before any is handed out again.
  poolOffset += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
