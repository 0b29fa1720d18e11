export {
  type ChangeMemberRoleInput,
  type ChangeMemberRoleResult,
  changeMemberRole,
} from "./change-member-role";
export { listMembers, type MemberSummary } from "./list-members";
export {
  LAST_OWNER_MESSAGE,
  MEMBER_NOT_FOUND_MESSAGE,
  type MemberChangeInput,
} from "./member-change";
export { type RemoveMemberInput, type RemoveMemberResult, removeMember } from "./remove-member";
