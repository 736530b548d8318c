/** Refuse anything larger: a policy is a page of text, not a data set. */
export const MAX_POLICY_BYTES = 1024 * 1024;
