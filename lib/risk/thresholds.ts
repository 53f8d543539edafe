// SMS pumping defences: every limit in one place. Counts are per organization unless marked
// "global" and use sliding windows. A "flag" is a RiskEvent (the request still goes through);
// a "block" is a RiskBlock row that refuses every matching request until it expires.
//
// Why these numbers: ordinary people sign up one number, maybe twice. The per-IP and
// per-number limits (set by the signup flow: 20 signups per IP per 10 min, 5 per number per
// hour) bound what one client can cost. Blocks on a whole prefix hit innocent people in that
// range too, so they are reserved for patterns no single source explains: a sequential run
// coming from more than one network, or a burst in one prefix far above normal traffic. A run
// from one network is flagged, and its IPs are stopped by their own limits and blocks. The values
// also leave room for a busy shared network (office, event Wi-Fi, carrier NAT): 20 numbers
// from one IP in a few minutes are flagged but not blocked.

const MINUTE = 60;
const HOUR = 3600;

export const RISK_THRESHOLDS = {
  /** Distinct numbers (signups and code requests) from one IP. */
  ipNumbers: {
    flagAbove: 5,
    flagWindowSeconds: 10 * MINUTE,
    blockAbove: 20,
    blockWindowSeconds: HOUR,
    blockSeconds: HOUR,
  },
  /**
   * An IP that keeps coming after its 429s: more than this many rate-limited refusals in the
   * window blocks it, instead of letting the sliding window reopen every few minutes.
   */
  ipRefusals: { blockAbove: 20, windowSeconds: 10 * MINUTE, blockSeconds: HOUR },
  /**
   * Numbers in an arithmetic run (+1201555010, …11, …12: a constant step of 1 to maxStep)
   * among the organization's recent numbers, this one included.
   */
  sequential: {
    maxStep: 10,
    windowSeconds: 10 * MINUTE,
    flagAtLength: 4,
    blockAtLength: 6,
    /**
     * A run from a single network (ip-network.ts: /24, /48) is that network's problem
     * (flagged; the per-IP limits stop it).
     */
    blockMinNetworks: 2,
    blockSeconds: HOUR,
  },
  /** Requests for numbers in one prefix (phonePrefix(): "+" and the first five digits). */
  prefixBurst: { flagAbove: 15, blockAbove: 40, windowSeconds: 10 * MINUTE, blockSeconds: HOUR },
  /**
   * Requests for numbers of one country other than the form's default country (international
   * SMS is where pumping pays): a rate limit, 429 above it, no block.
   */
  foreignCountry: { limit: 30, windowSeconds: 10 * MINUTE },
  /**
   * Code requests for one number (every send and resend counts, refused ones too). The
   * verification flow itself allows 5 sends per number per hour and flags the number
   * ("repeated_code_requests") when it refuses one; asked for more than twice that, the
   * number is blocked (flagged again, with the block).
   */
  codeRequests: { blockAbove: 10, windowSeconds: HOUR, blockSeconds: HOUR },
  /** Code requests per IP (global, like the signup limit per IP). */
  codeRequestsPerIp: { limit: 20, windowSeconds: 10 * MINUTE },
} as const;

export type BlockKind = "ip" | "phone" | "prefix" | "country";

/** What a person is told when a block refuses them (429 with Retry-After). */
export const BLOCK_MESSAGES: Record<BlockKind, string> = {
  ip: "We've paused requests from your network because of unusual activity. Try again later.",
  phone: "This number has asked for too many texts. Try again later.",
  prefix:
    "We've paused texts to numbers like this one because of unusual activity. Try again later.",
  country: "We can't send texts to numbers in this country right now. Try again later.",
};
