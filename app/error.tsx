"use client";

import { Brand } from "@/components/layout/brand";
import { ErrorState } from "@/components/layout/error-state";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-2 px-6">
      <Brand />
      <ErrorState error={error} retry={retry} />
    </main>
  );
}
