import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { connection } from "next/server";
import type * as React from "react";
import { Toaster } from "@/components/ui/toast";
import "./globals.css";

// Inter ships with the app (from @fontsource-variable/inter): no font request leaves the
// server, so pages render the same offline.
const inter = localFont({
  src: "./fonts/InterVariable-latin.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
});

export const metadata: Metadata = {
  title: { default: "MailShield", template: "%s · MailShield" },
  description: "Email authentication monitoring: SPF, DKIM and DMARC for your domains.",
};

export const viewport: Viewport = {
  themeColor: "#f8f9fb",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, the not-found page included: a page prerendered at
  // build time would carry no script nonce, and the Content-Security-Policy (proxy.ts)
  // would block its scripts.
  await connection();
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-dvh">
        {children}
        <Toaster />
      </body>
    </html>
  );
}
