// The one place that holds hand-written SQL (docs/performance.md explains each choice).
// Everything else reads and writes through Prisma; no-raw-sql-elsewhere.test.ts keeps it
// so. Each statement sits in the file of its concern with the measurement that justifies
// it, or, for the lock Prisma cannot take, the reason it is here.
//
// request-path/ holds what an /api/v1 request (and /api/health) runs: the bearer lookup,
// the domain reads, the rate-limit buckets, the request-log writer and the live-token
// listener. Its modules import nothing from the rest of the application but the pool and
// the configuration (.dependency-cruiser.cjs), so nothing slow finds its way onto that path.
// They go through the shared pg pool, not Prisma, for one measured reason (docs/performance.md,
// components): a trivial query costs 710 µs of this process's CPU through Prisma's client
// and 216 µs on the pool. Each file cites only its own statements' figures.
// The rest serves the dashboard, the job queue and retention.
export * from "./access-log";
export * from "./audit-retention";
export * from "./dashboard-session";
export * from "./job-queue";
export * from "./locks";
export * from "./request-path/api-tokens";
export * from "./request-path/domains";
export * from "./request-path/health";
export * from "./request-path/live-tokens";
export * from "./request-path/prepared";
export * from "./request-path/rate-limit";
export * from "./request-path/request-logs";
export * from "./token-logs";
