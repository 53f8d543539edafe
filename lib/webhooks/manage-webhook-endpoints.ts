// Webhook endpoints of one organization: every query is scoped by organizationId (another
// organization's id is a 404), every change is an event on the organization's chain (the
// audit log), and the signing secret is returned only when it is made.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import type { WebhookEndpoint } from "@/lib/generated/prisma/client";
import { ZCreateWebhookEndpointSchema, ZUpdateWebhookEndpointSchema } from "./webhook-events";
import { encryptWebhookSecret, generateWebhookSecret } from "./webhook-secret";
import { parseWebhookUrl, resolveWebhookTarget } from "./webhook-target";

export type PublicWebhookEndpoint = Omit<WebhookEndpoint, "secretEncrypted">;

/** What the dashboard and the API show of an endpoint: never the secret. */
export function publicEndpoint(endpoint: WebhookEndpoint): PublicWebhookEndpoint {
  const { secretEncrypted: _secret, ...rest } = endpoint;
  return rest;
}

/** The URL, checked for shape and, outside development, for a public address. */
async function checkTarget(url: string): Promise<string> {
  const policy = { allowPrivate: getEnv().webhookAllowPrivateTargets };
  const parsed = parseWebhookUrl(url, policy);
  await resolveWebhookTarget(parsed, policy);
  return parsed.toString();
}

export async function createWebhookEndpoint(options: {
  organizationId: string;
  actor: Actor;
  input: unknown;
}): Promise<{ endpoint: PublicWebhookEndpoint; secret: string }> {
  const input = parseInput(ZCreateWebhookEndpointSchema, options.input);
  const url = await checkTarget(input.url);
  const secret = generateWebhookSecret();
  const endpoint = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        organizationId: options.organizationId,
        url,
        description: input.description,
        eventTypes: [...new Set(input.eventTypes)],
        secretEncrypted: encryptWebhookSecret(secret, options.organizationId),
      },
    });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "webhook_endpoint.created",
      data: { endpointId: created.id, url, eventTypes: created.eventTypes },
      actor: options.actor,
    });
    return created;
  });
  return { endpoint: publicEndpoint(endpoint), secret };
}

export async function listWebhookEndpoints(options: { organizationId: string }) {
  const endpoints = await db.webhookEndpoint.findMany({
    where: { organizationId: options.organizationId },
    orderBy: { createdAt: "asc" },
  });
  return endpoints.map(publicEndpoint);
}

export async function getWebhookEndpoint(options: {
  organizationId: string;
  endpointId: string;
}): Promise<PublicWebhookEndpoint> {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: options.endpointId, organizationId: options.organizationId },
  });
  if (!endpoint) throw AppError.notFound("Webhook endpoint");
  return publicEndpoint(endpoint);
}

/** Changes url, description, events or on/off; turning it on clears its failure count. */
export async function updateWebhookEndpoint(options: {
  organizationId: string;
  endpointId: string;
  actor: Actor;
  input: unknown;
}): Promise<PublicWebhookEndpoint> {
  const input = parseInput(ZUpdateWebhookEndpointSchema, options.input);
  const url = input.url === undefined ? undefined : await checkTarget(input.url);
  return changeEndpoint(options, (current) => {
    const data: Partial<WebhookEndpoint> = {};
    if (url !== undefined && url !== current.url) data.url = url;
    if (input.description !== undefined && input.description !== current.description)
      data.description = input.description;
    const eventTypes = input.eventTypes ? [...new Set(input.eventTypes)] : null;
    if (eventTypes && eventTypes.toSorted().join() !== current.eventTypes.toSorted().join())
      data.eventTypes = eventTypes;
    if (input.enabled === true && !current.enabled) {
      Object.assign(data, {
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        consecutiveFailures: 0,
        failingSince: null,
      });
    }
    if (input.enabled === false && current.enabled) {
      Object.assign(data, { enabled: false, disabledReason: "manual", disabledAt: new Date() });
    }
    return data;
  });
}

/** A new secret (shown once); the old one stops signing at once. */
export async function rollWebhookSecret(options: {
  organizationId: string;
  endpointId: string;
  actor: Actor;
}): Promise<{ endpoint: PublicWebhookEndpoint; secret: string }> {
  const secret = generateWebhookSecret();
  const endpoint = await changeEndpoint(options, () => ({
    secretEncrypted: encryptWebhookSecret(secret, options.organizationId),
  }));
  return { endpoint, secret };
}

async function changeEndpoint(
  options: { organizationId: string; endpointId: string; actor: Actor },
  change: (current: WebhookEndpoint) => Partial<WebhookEndpoint>,
): Promise<PublicWebhookEndpoint> {
  return db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<WebhookEndpoint[]>`
      SELECT * FROM "WebhookEndpoint"
      WHERE "id" = ${options.endpointId} AND "organizationId" = ${options.organizationId}
      FOR UPDATE`;
    if (!current) throw AppError.notFound("Webhook endpoint");
    const data = change(current);
    const changes = Object.keys(data)
      .map((key) => (key === "secretEncrypted" ? "secret" : key))
      .filter((key) => ["url", "description", "eventTypes", "enabled", "secret"].includes(key));
    if (changes.length === 0) return publicEndpoint(current);
    const updated = await tx.webhookEndpoint.update({ where: { id: current.id }, data });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "webhook_endpoint.updated",
      data: { endpointId: updated.id, url: updated.url, changes, enabled: updated.enabled },
      actor: options.actor,
    });
    return publicEndpoint(updated);
  });
}

export async function deleteWebhookEndpoint(options: {
  organizationId: string;
  endpointId: string;
  actor: Actor;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({
      where: { id: options.endpointId, organizationId: options.organizationId },
    });
    if (!endpoint) throw AppError.notFound("Webhook endpoint");
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "webhook_endpoint.deleted",
      data: { endpointId: endpoint.id, url: endpoint.url },
      actor: options.actor,
    });
  });
}
