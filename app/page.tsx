import { redirect } from "next/navigation";
import { getSessionContext } from "@/lib/session/session";

export default async function HomePage() {
  const context = await getSessionContext();
  redirect(context ? "/settings/api-tokens" : "/login");
}
