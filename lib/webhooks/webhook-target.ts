// Where a webhook may be posted. Outside development, only to public addresses: a webhook URL
// is chosen by a customer, and an address inside our network (the database, a cloud metadata
// service at 169.254.169.254, localhost) must never be reachable through it. The host name is
// resolved and EVERY address checked; the connection then goes to an address that was checked
// (no second lookup that a short DNS TTL could answer differently). IPv4-mapped, NAT64 and
// 6to4 IPv6 addresses are checked as the IPv4 address they carry.
import { lookup } from "node:dns/promises";
import { BlockList, isIP, isIPv4 } from "node:net";
import { AppError } from "@/lib/errors";
import { WEBHOOK_URL_MAX_LENGTH } from "./webhook-events";

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback (::1) and IPv4-compatible
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** 16 bytes of an IPv6 address, or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    if (!isIPv4(dotted)) return null;
    const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail, extra] = text.split("::");
  if (extra !== undefined) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(missing).fill("0"), ...right].map((g) =>
    /^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN,
  );
  if (groups.some(Number.isNaN)) return null;
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:, NAT64 64:ff9b::, 6to4 2002::). */
function embeddedIPv4(bytes: number[]): string | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff)
    return bytes.slice(12, 16).join(".");
  if (
    bytes[0] === 0x00 &&
    bytes[1] === 0x64 &&
    bytes[2] === 0xff &&
    bytes[3] === 0x9b &&
    zeros(4, 12)
  )
    return bytes.slice(12, 16).join(".");
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6).join(".");
  return null;
}

/** True for any address that is not a public unicast address (or is not an address). */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ""));
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const bytes = ipv6Bytes(address);
  if (!bytes) return true;
  const v4 = embeddedIPv4(bytes);
  if (v4) return blocked.check(v4, "ipv4");
  return blocked.check(address.replace(/%.*$/, ""), "ipv6");
}

export interface WebhookTargetPolicy {
  /** Private, loopback and link-local targets (and plain http) allowed: development only. */
  allowPrivate: boolean;
}

/** A URL we may post to, by its shape alone; throws a 422 naming the problem. */
export function parseWebhookUrl(value: string, policy: WebhookTargetPolicy): URL {
  const refuse = (message: string) => AppError.validation({ url: [message] }, message);
  if (value.length > WEBHOOK_URL_MAX_LENGTH) throw refuse("The address is too long");
  const url = URL.parse(value);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw refuse("Enter a full https:// address");
  if (url.protocol === "http:" && !policy.allowPrivate)
    throw refuse(
      "Use https://: events carry phone numbers, which must not cross the internet in clear",
    );
  if (url.username || url.password)
    throw refuse("Leave user and password out of the address; check the signature instead");
  if (!url.hostname) throw refuse("The address has no host");
  return url;
}

/** Every address of the host, each checked; throws a 422 if any is refused. */
export async function resolveWebhookTarget(
  url: URL,
  policy: WebhookTargetPolicy,
): Promise<{ address: string; family: number }[]> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true });
  } catch {
    throw AppError.validation(
      { url: [`${host} could not be resolved`] },
      `${host} could not be resolved`,
    );
  }
  if (addresses.length === 0)
    throw AppError.validation({ url: [`${host} has no address`] }, `${host} has no address`);
  if (!policy.allowPrivate) {
    const refused = addresses.find((entry) => isBlockedAddress(entry.address));
    if (refused) {
      const message = `${host} resolves to ${refused.address}, a private, loopback or link-local address: refused`;
      throw AppError.validation({ url: [message] }, message);
    }
  }
  return addresses;
}
