// The one place that holds hand-written SQL (docs/performance.md explains each choice).
// Everything else reads and writes through Prisma; no-raw-sql-elsewhere.test.ts keeps it
// so. Each statement sits in the file of its concern with the measurement that justifies
// it, or, for the lock Prisma cannot take, the reason it is here.
export * from "./access-log";
export * from "./api-tokens";
export * from "./audit-retention";
export * from "./dashboard-session";
export * from "./domains";
export * from "./health";
export * from "./job-queue";
export * from "./live-tokens";
export * from "./locks";
export * from "./prepared";
export * from "./rate-limit";
export * from "./request-logs";
export * from "./token-logs";
