// Twilio's most common delivery error codes, in words a marketer can act on. The full list:
// Twilio's error dictionary. Unknown codes are shown as their number.

export const TWILIO_ERROR_CODES: Record<number, { label: string; action: string }> = {
  30003: {
    label: "Unreachable: the phone is off or out of coverage",
    action: "Often temporary; the person can ask for another text later.",
  },
  30004: {
    label: "Blocked by the recipient or their carrier",
    action: "Don't retry; the person may have blocked your number.",
  },
  30005: {
    label: "Unknown destination: the number doesn't exist",
    action: "A typo or an invented number. Repeated ones suggest a script.",
  },
  30006: {
    label: "Landline or a carrier that can't receive texts",
    action: "Ask for a mobile number.",
  },
  30007: {
    label: "Filtered by the carrier as spam",
    action: "Check your message content and sender registration (10DLC, toll-free).",
  },
  30008: {
    label: "Unknown error from the carrier",
    action: "Retry later; contact Twilio support if it persists.",
  },
  21211: {
    label: "Invalid number",
    action: "The number is not in a valid format for its country.",
  },
  21408: {
    label: "Sending to this country is not enabled",
    action: "Enable the country in Twilio's geo permissions, or keep it off the allow-list.",
  },
  21610: {
    label: "The person opted out (replied STOP)",
    action: "Nothing to do: they can text START to opt back in.",
  },
  21612: {
    label: "No route to this number from your sender",
    action: "Check that your sender can reach this country and carrier.",
  },
  21614: {
    label: "Not a mobile number",
    action: "Ask for a mobile number.",
  },
};

export function describeTwilioError(code: number | null): string {
  if (code === null) return "No error code";
  return TWILIO_ERROR_CODES[code]?.label ?? `Twilio error ${code}`;
}
