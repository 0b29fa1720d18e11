import "server-only";
/**
 * Cookie that carries a new account's email from sign-up to the sign-in page, so the
 * form can be prefilled without putting an email address in the URL (and server logs).
 */
export const SIGNED_UP_EMAIL_COOKIE = "ms_signed_up_email";
