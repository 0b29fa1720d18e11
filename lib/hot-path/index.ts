// The one place that holds hand-written SQL (docs/performance.md explains each choice).
// Everything else reads and writes through Prisma. Each statement sits in the file of its
// concern with the measurement that justifies it.
export * from "./access-log";
export * from "./api-tokens";
export * from "./domains";
export * from "./locks";
export * from "./prepared";
export * from "./rate-limit";
export * from "./request-logs";
export * from "./token-logs";
