/** docs/API.md: 5 failures of a username within 15 minutes lock it for 15 minutes. */
export const LOGIN_POLICY = {
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  lockoutMs: 15 * 60 * 1000,
} as const;
