/** Input bounds every door applies (window, CLI, core). */

/** A .vpptoken is a few hundred bytes; anything over this is not one, and is refused before it is read whole. */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;
