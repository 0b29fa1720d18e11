import { randomBytes } from "node:crypto";
import { clock } from "@/lib/clock";

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made here
 * sort by creation time like the ones Prisma generates for `@default(uuid(7))`, which keeps
 * primary-key indexes compact. Used where rows are inserted with hand-written SQL.
 */
export function uuidV7(now: number = clock.ms()): string {
  const bytes = randomBytes(16);
  let timestamp = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = timestamp % 256;
    timestamp = Math.floor(timestamp / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
