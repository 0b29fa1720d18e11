import { redirect } from "next/navigation";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { getSignedInUser } from "@/lib/session/session";

export default async function HomePage() {
  // A user without an organization goes on too: the dashboard explains where they stand.
  redirect((await getSignedInUser()) ? DEFAULT_SIGNED_IN_PATH : "/login");
}
