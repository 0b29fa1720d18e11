export type { ApiTokenActor, SystemActor, TokenActor, UserActor } from "./actor";
export { type CreatedToken, type CreateTokenParams, createToken } from "./create-token";
export {
  ACTOR_TOKEN_INACTIVE_MESSAGE,
  escalationViolation,
  type TokenGrant,
} from "./escalation";
export {
  API_PLAN_REQUIRED_MESSAGE,
  type ExpiredReadOnlyFields,
  expiredReadOnlyFields,
} from "./guards";
export {
  getToken,
  listTokenPage,
  listTokens,
  type TokenPage,
  type TokenPageStatus,
} from "./list-tokens";
export { type ExposureReport, reportExposedTokens } from "./report-exposed";
export {
  ALREADY_REVOKED_MESSAGE,
  type RevokeTokenParams,
  revokeToken,
  type TokenExposure,
} from "./revoke-token";
export { TOKEN_STATUS_RANK, type TokenStatus, tokenStatus } from "./token-status";
export type { TokenExposureSummary, TokenSummary, TokenUserSummary } from "./types";
export { REVOKED_READ_ONLY_MESSAGE, type UpdateTokenParams, updateToken } from "./update-token";
