import { describe, expect, it } from "vitest";
import { holdClockAtMinuteStart } from "@/test/clock";
import {
  admitPasskeySignInChallenge,
  PASSKEY_SIGN_IN_CHALLENGES_PER_MINUTE,
} from "./passkey-challenge-limits";
import { postgresStore, uniqueIp } from "./test-stores";

describe("passkey sign-in challenges per client IP", () => {
  it("issues 30 a minute to one address, then refuses until the minute ends", async () => {
    const clock = holdClockAtMinuteStart();
    const store = postgresStore();
    const ip = uniqueIp();
    for (let i = 0; i < PASSKEY_SIGN_IN_CHALLENGES_PER_MINUTE; i++) {
      expect(await admitPasskeySignInChallenge(ip, store, clock.now())).toEqual({ allowed: true });
    }
    expect(await admitPasskeySignInChallenge(ip, store, clock.now())).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
    expect(await admitPasskeySignInChallenge(uniqueIp(), store, clock.now())).toEqual({
      allowed: true,
    });
    clock.advance(60_000);
    expect(await admitPasskeySignInChallenge(ip, store, clock.now())).toEqual({ allowed: true });
  });
});
