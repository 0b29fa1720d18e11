import { pathToFileURL } from "node:url";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/enums";
import { PLANS, planLabel } from "@/lib/plans";
import { ensureAcmeLabs } from "./seed-acme-labs";
import { seedRequestLogs } from "./seed-logs";

// Demo data: one organization per plan, each with an owner `<plan>@mailshield.test`
// (password `mailshield-demo`) and a few domains; the Business owner is also an admin of a
// second organization, Acme Labs (seed-acme-labs.ts), for the organization switcher. Idempotent: running it again creates
// nothing new and leaves changes made in the app (such as a switched plan) alone.
// `--logs N` also generates N API request-log rows for the Pro organization (not
// idempotent by nature: each run adds N more), for trying the Access Logs at scale.

export const DEMO_PASSWORD = "mailshield-demo";

const DEMO_DOMAINS = ["example.com", "mail.example.com", "example.org"];

export function demoEmail(plan: Plan): string {
  return `${plan.toLowerCase()}@mailshield.test`;
}

async function ensureDemoOwner(plan: Plan): Promise<string> {
  const email = demoEmail(plan);
  const existing = await db.user.findUnique({
    where: { email },
    select: { memberships: { where: { role: "OWNER" }, select: { organizationId: true } } },
  });
  const organizationId = existing?.memberships[0]?.organizationId;
  if (organizationId) return organizationId;

  const passwordHash = existing ? undefined : await hashPassword(DEMO_PASSWORD);
  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      update: {},
      create: {
        email,
        name: `${planLabel(plan)} Owner`,
        passwordHash: passwordHash!,
        // Demo accounts are verified: they have no mailbox to prove.
        emailVerifiedAt: new Date(),
      },
    });
    const organization = await tx.organization.create({
      data: { name: `${planLabel(plan)} Demo Org`, plan },
    });
    await tx.membership.create({
      data: { organizationId: organization.id, userId: user.id, role: "OWNER" },
    });
    return organization.id;
  });
}

export async function seedDemoData(): Promise<{
  organizationIds: Record<Plan, string>;
  acmeLabsId: string;
}> {
  const organizationIds = {} as Record<Plan, string>;
  for (const plan of PLANS) {
    const organizationId = await ensureDemoOwner(plan);
    organizationIds[plan] = organizationId;
    await addDemoDomains(organizationId);
  }
  const acmeLabsId = await ensureAcmeLabs(demoEmail("BUSINESS"), () => hashPassword(DEMO_PASSWORD));
  await addDemoDomains(acmeLabsId);
  return { organizationIds, acmeLabsId };
}

async function addDemoDomains(organizationId: string): Promise<void> {
  await db.domain.createMany({
    data: DEMO_DOMAINS.map((name) => ({ organizationId, name })),
    skipDuplicates: true,
  });
}

function logsToGenerate(args: string[]): number {
  const index = args.indexOf("--logs");
  if (index === -1) return 0;
  const count = Number(args[index + 1]);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error("--logs takes a positive whole number, e.g. --logs 1000000");
  }
  return count;
}

async function main(): Promise<void> {
  const logs = logsToGenerate(process.argv.slice(2));
  const { organizationIds } = await seedDemoData();
  if (logs > 0) {
    console.log(`Generating ${logs} request-log rows for pro@mailshield.test…`);
    await seedRequestLogs(organizationIds.PRO, logs, {
      onProgress: (inserted) => console.log(`  ${inserted} / ${logs}`),
    });
  }
  console.log(
    `Demo data ready. Sign in as ${PLANS.map(demoEmail).join(", ")} with password "${DEMO_PASSWORD}"; ${demoEmail("BUSINESS")} also belongs to Acme Labs.`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("Seeding failed:", error);
      process.exit(1);
    },
  );
}
