import { afterEach } from "vitest";
import { resetClock } from "./clock";

// Every test file starts on the (possibly shifted) wall clock, and a clock a test held is
// let go after that test.
resetClock();
afterEach(resetClock);
