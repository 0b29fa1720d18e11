"use client";

import { useEffect, useRef } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

const FILE_NAME = "mailshield-recovery-codes.txt";

/**
 * The ten recovery codes, shown once (only their hashes are stored): each signs in once
 * when the authenticator app is lost. Copy and Download keep them; Done hides them.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Focus moves here when the codes appear, so a screen reader starts with what they are.
  useEffect(() => headingRef.current?.focus(), []);
  const text = codes.join("\n");

  function download() {
    const body = [
      "MailShield recovery codes",
      "Each code signs you in once if you lose your authenticator app.",
      "",
      ...codes,
      "",
    ].join("\n");
    const url = URL.createObjectURL(new Blob([body], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section
      aria-labelledby="recovery-codes-heading"
      className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
    >
      <h3
        id="recovery-codes-heading"
        ref={headingRef}
        tabIndex={-1}
        className="font-medium focus:outline-none"
      >
        Your recovery codes
      </h3>
      <Alert variant="warning">
        <AlertTitle>Save these codes now: they are not shown again</AlertTitle>
        <AlertDescription>
          If you lose your phone, each code signs you in once instead of an authentication code.
          Keep them somewhere safe, like a password manager.
        </AlertDescription>
      </Alert>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md bg-muted p-4 font-mono text-sm sm:w-fit"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton text={text} />
        <Button type="button" variant="outline" onClick={download}>
          Download
        </Button>
        <Button type="button" onClick={onDone} className="ml-auto">
          I have saved them
        </Button>
      </div>
    </section>
  );
}
