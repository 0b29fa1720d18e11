import { errorResponse, jsonResponse, requestIdFor } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { tooManySignInAttemptsMessage } from "@/lib/auth/sign-in-messages";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { passkeysAvailable } from "@/lib/services/passkeys/relying-party";
import { startPasskeyForTwoFactorSignIn } from "@/lib/services/sign-in/two-factor-passkey";
import { readTwoFactorChallengeCookie } from "@/lib/session/two-factor-cookie";

// "Use a passkey" in the sign-in's second step: the WebAuthn options for the person whose
// password was just right. Under /api/auth because that is where the sign-in challenge's
// cookie goes (lib/session/two-factor-cookie.ts); next-auth's catch-all route answers
// every other path there. The assertion itself goes to next-auth's "two-factor" provider.
// A 401 tells the form the sign-in challenge is gone (back to the password); any other
// refusal carries the message to show.

const NO_STORE = { "Cache-Control": "no-store" };

export async function POST(request: Request): Promise<Response> {
  const requestId = requestIdFor(request.headers);
  const refuse = (code: AppError["code"], message: string) => {
    const response = errorResponse(new AppError(code, message), requestId);
    response.headers.set("Cache-Control", "no-store");
    return response;
  };
  if (!passkeysAvailable()) {
    return refuse(
      "bad_request",
      "Passkeys cannot be used on this dashboard. Enter a code instead.",
    );
  }
  let started: Awaited<ReturnType<typeof startPasskeyForTwoFactorSignIn>>;
  try {
    started = await startPasskeyForTwoFactorSignIn(
      await readTwoFactorChallengeCookie(),
      clientIp(request.headers),
    );
  } catch (error) {
    logger().error({ error, requestId }, "passkey second factor could not start");
    return refuse(
      "service_unavailable",
      "Sign-in is unavailable right now. Please try again in a moment.",
    );
  }
  if (started.ok) return jsonResponse(started.start, { requestId, headers: NO_STORE });
  switch (started.reason) {
    case "challenge_expired":
      return refuse("unauthorized", "Your sign-in took too long. Enter your password again.");
    case "no_passkey":
      return refuse("bad_request", "You have no passkey to use. Enter a code instead.");
    case "rate_limited":
      return refuse(
        "rate_limited",
        tooManySignInAttemptsMessage(Math.max(1, Math.ceil(started.retryAfterSeconds / 60))),
      );
  }
}
