// The network an address belongs to: /24 for IPv4, /48 for IPv6. A few addresses of one
// network (an office, a carrier's NAT, a cloud subnet) are one source, not several, when we
// ask whether a pattern comes from "several IPs".
import { isIPv4, isIPv6 } from "node:net";

function expandIPv6(ip: string): string[] | null {
  const [head = "", tail, extra] = ip.split("::");
  if (extra !== undefined) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...Array.from({ length: missing }, () => "0"), ...right];
}

export function ipNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const v4 = mapped ?? ip;
  if (isIPv4(v4)) return `${v4.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIPv6(ip)) {
    const groups = expandIPv6(ip.toLowerCase());
    if (groups)
      return `${groups
        .slice(0, 3)
        .map((g) => g.replace(/^0+(?=.)/, ""))
        .join(":")}::/48`;
  }
  return ip;
}
