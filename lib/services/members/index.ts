export {
  type ChangeMemberRoleParams,
  type ChangeMemberRoleResult,
  changeMemberRole,
} from "./change-member-role";
export { listMembers, type MemberSummary } from "./list-members";
export {
  LAST_OWNER_MESSAGE,
  MEMBER_NOT_FOUND_MESSAGE,
  type MemberChangeParams,
} from "./member-change";
export { type RemoveMemberParams, type RemoveMemberResult, removeMember } from "./remove-member";
