import { redirect } from "next/navigation";

// The API settings live under "API Tokens"; this keeps old and guessed links working.
export default function ApiSettingsPage() {
  redirect("/settings/api-tokens");
}
