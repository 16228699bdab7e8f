/**
 * The preview host's request body limit, from the contract's largest legal
 * requests, so that no request the window may send is refused:
 * - deploy:run: 100,000 user ids (DeployRequest) of up to 256 characters
 *   (ClientUserId), each quoted and comma-separated in JSON;
 * - roster:load: a roster text of up to 20 MiB (RosterLoadRequest).
 * A typical 100,000-user deploy is about 1.5 MB; this bound is the worst case.
 */
const MAX_DEPLOY_IDS = 100_000;
const MAX_ID_CHARS = 256;
const MAX_ROSTER_CHARS = 20 * 1024 * 1024;
/** The rest of a request: adamId, action, file name, JSON punctuation. */
const ENVELOPE = 64 * 1024;

export const MAX_BODY_BYTES = Math.max(MAX_DEPLOY_IDS * (MAX_ID_CHARS + 3), MAX_ROSTER_CHARS) + ENVELOPE;

/** Past this much a sender is not a window that overshot: the connection is cut instead of drained. */
export const DRAIN_LIMIT_BYTES = 4 * MAX_BODY_BYTES;
