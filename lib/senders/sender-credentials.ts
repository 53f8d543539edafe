// Twilio credentials of a sender, sealed at rest (AES-256-GCM under a key derived from
// AUTH_SECRET with its own HKDF label, bound to the organization: a value copied to another
// organization's row does not open). Only the last 4 characters are ever shown again.
import "server-only";
import { seal, unseal } from "@/lib/crypto/sealed-box";

const LABEL = "optline sender credentials v1";

export function sealSenderSecret(secret: string, organizationId: string): string {
  return seal(secret, { label: LABEL, boundTo: organizationId });
}

/** Throws if it was not sealed by this AUTH_SECRET for this organization. */
export function unsealSenderSecret(sealedValue: string, organizationId: string): string {
  return unseal(sealedValue, { label: LABEL, boundTo: organizationId });
}

export function lastFour(secret: string): string {
  return secret.slice(-4);
}
