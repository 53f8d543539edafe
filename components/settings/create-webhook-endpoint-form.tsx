"use client";
// New webhook endpoint: address, description, events. The signing secret is shown once. On
// an error the typed input stays, the message is announced and focus goes to the field at
// fault (the action gets plain values, so React does not reset the form).
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import type { FieldErrors } from "@/lib/errors";
import { WebhookSecretNotice } from "./webhook-secret-notice";

type Action = (input: {
  url: string;
  description: string;
  eventTypes: string[];
}) => Promise<ActionResult<{ secret: string; url: string }>>;

export function CreateWebhookEndpointForm({
  action,
  eventTypes,
}: {
  action: Action;
  eventTypes: Record<string, string>;
}) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setPending(true);
    setMessage(null);
    setCreated(null);
    const result = await action({
      url: formText(data, "url"),
      description: formText(data, "description"),
      eventTypes: data.getAll("eventTypes").filter((v): v is string => typeof v === "string"),
    });
    setPending(false);
    if (!result.ok) {
      setMessage(result.message);
      setErrors(result.fields ?? {});
      const field = result.fields?.url ? "url" : result.fields?.eventTypes ? "eventTypes" : null;
      // The message is announced (role=alert); focus goes to the field at fault, if any.
      if (field)
        requestAnimationFrame(() =>
          form.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus(),
        );
      return;
    }
    setErrors({});
    setCreated(result.data);
    form.reset();
  }

  const urlError = errors.url?.[0];
  const eventsError = errors.eventTypes?.[0];
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? <Alert tone="error">{message}</Alert> : null}
      {created ? <WebhookSecretNotice secret={created.secret} url={created.url} /> : null}
      <Field
        id="webhook-url"
        label="Endpoint URL"
        hint="https:// address that receives a POST for each event."
        error={urlError}
      >
        <Input
          id="webhook-url"
          name="url"
          type="url"
          required
          placeholder="https://example.com/optline-webhooks"
          aria-invalid={urlError ? true : undefined}
          aria-describedby={describedBy("webhook-url", "x", urlError)}
        />
      </Field>
      <Field id="webhook-description" label="Description (optional)">
        <Input id="webhook-description" name="description" maxLength={200} />
      </Field>
      <fieldset aria-describedby={eventsError ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {eventsError ? (
          <p id="webhook-events-error" className="mt-1 text-sm text-red-700">
            {eventsError}
          </p>
        ) : null}
        {Object.entries(eventTypes).map(([type, description]) => (
          <label key={type} className="mt-2 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="eventTypes"
              value={type}
              defaultChecked
              className="mt-0.5 size-4"
            />
            <span>
              <code className="font-mono text-xs">{type}</code>{" "}
              <span className="text-slate-600">{description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add endpoint"}
      </Button>
    </form>
  );
}
