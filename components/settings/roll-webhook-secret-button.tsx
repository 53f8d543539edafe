"use client";
// Roll an endpoint's signing secret: the new one is shown once, the old one stops at once.
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";
import { IDLE } from "@/lib/actions/idle-result";
import { WebhookSecretNotice } from "./webhook-secret-notice";

type Rolled = { secret: string; url: string } | null;
type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<Rolled>>;

export function RollWebhookSecretButton({ action }: { action: Action }) {
  const [result, formAction, pending] = useActionState<ActionResult<unknown>, FormData>(
    action,
    IDLE,
  );
  const rolled = result.ok ? (result.data as Rolled) : null;
  return (
    <form action={formAction} className="space-y-2">
      {!result.ok ? <Alert tone="error">{result.message}</Alert> : null}
      {rolled ? <WebhookSecretNotice secret={rolled.secret} url={rolled.url} /> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Rolling…" : "Roll secret"}
      </Button>
    </form>
  );
}
