// Dashboard addresses that more than one module names (emails link to them, actions
// revalidate them, the two-factor policy sends people to one): written once.

/** Settings → Security: password, two-factor, passkeys and sessions. */
export const SECURITY_SETTINGS_PATH = "/settings/security";
