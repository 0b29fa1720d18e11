export { TOKEN_STATUS_RANK, type TokenStatus, tokenStatus } from "@/lib/rules/token-status";
export {
  ACTOR_TOKEN_INACTIVE_MESSAGE,
  API_PLAN_REQUIRED_MESSAGE,
  ROTATED_ACTOR_MESSAGE,
} from "@/lib/services/authorize";
export type { TokenAct } from "./actor";
export { type CreatedToken, createToken } from "./create-token";
export { escalationViolation, type TokenGrant } from "./escalation";
export { type ExpiredReadOnlyFields, expiredReadOnlyFields } from "./guards";
export {
  findTokenOrganization,
  getToken,
  listTokenPage,
  listTokens,
  type TokenPage,
  type TokenPageStatus,
} from "./list-tokens";
export { onNewToken } from "./new-tokens";
export {
  getPostRotationUse,
  POST_ROTATION_IP_LIMIT,
  type PostRotationUse,
} from "./post-rotation-use";
export { type ExposureReport, reportExposedTokens } from "./report-exposed";
export {
  ALREADY_REVOKED_MESSAGE,
  type RevokeTokenInput,
  revokeToken,
  type TokenExposure,
} from "./revoke-token";
export {
  BULK_REVOKE_MAX,
  type BulkRevokeOutcome,
  type BulkRevokeResult,
  type RevokeTokensInput,
  type RevokeTokensInTransactionInput,
  revokeTokens,
  revokeTokensInTransaction,
} from "./revoke-tokens";
export {
  ROTATE_EXPIRED_MESSAGE,
  ROTATE_REVOKED_MESSAGE,
  ROTATE_ROTATED_MESSAGE,
  type RotatedToken,
  type RotateTokenInput,
  rotateToken,
} from "./rotate-token";
export type {
  TokenExposureSummary,
  TokenRotationLink,
  TokenSummary,
  TokenUserSummary,
} from "./types";
export {
  REVOKED_READ_ONLY_MESSAGE,
  ROTATED_READ_ONLY_MESSAGE,
  updateToken,
} from "./update-token";
export {
  getTokenUsage,
  type OperationUsage,
  type ScopeUsage,
  type TokenUsage,
  USAGE_WINDOW_DAYS,
} from "./usage";
