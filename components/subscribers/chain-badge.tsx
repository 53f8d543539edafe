import type { ChainVerification } from "@/lib/consent-events/verify-chain";

/** "Chain intact" or the first broken link, from a verification just run on the server. */
export function ChainBadge({ result }: { result: ChainVerification }) {
  if (result.ok) {
    return (
      <span
        className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2.5 py-1 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-600/30"
        data-testid="chain-badge"
      >
        <span aria-hidden>✓</span> Chain intact · {result.checked} event
        {result.checked === 1 ? "" : "s"} verified
      </span>
    );
  }
  const broken = result.firstBroken!;
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full bg-red-50 px-2.5 py-1 text-xs font-medium text-red-800 ring-1 ring-inset ring-red-600/30"
      data-testid="chain-badge"
    >
      <span aria-hidden>✗</span> Chain broken at event #{broken.seq} (
      {broken.reason.replace(/_/g, " ")}, event {broken.eventId})
    </span>
  );
}
