"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { describedBy, Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { IDLE } from "@/lib/actions/idle-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function CreateApiKeyForm({
  action,
  scopes,
}: {
  action: Action;
  scopes: Record<string, string>;
}) {
  const [result, formAction, pending] = useActionState(action, IDLE);
  const created =
    result.ok && result.data && typeof result.data === "object" && "key" in result.data
      ? String(result.data.key)
      : null;
  const nameError = result.ok ? undefined : result.fields?.name?.[0];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {!result.ok ? <Alert tone="error">{result.message}</Alert> : null}
      {created ? (
        <Alert tone="success">
          <p className="font-medium">Copy this key now: it is shown only once.</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900"
              data-testid="new-api-key"
            >
              {created}
            </code>
            <CopyButton text={created} />
          </div>
        </Alert>
      ) : null}
      <Field id="api-key-name" label="Name" hint="What uses it, e.g. “CRM sync”." error={nameError}>
        <Input
          id="api-key-name"
          name="name"
          required
          aria-invalid={nameError ? true : undefined}
          aria-describedby={describedBy("api-key-name", "x", nameError)}
        />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        {Object.entries(scopes).map(([scope, description]) => (
          <label key={scope} className="mt-2 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              defaultChecked
              className="mt-0.5 size-4"
            />
            <span>
              <code className="font-mono text-xs">{scope}</code>{" "}
              <span className="text-slate-600">{description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create key"}
      </Button>
    </form>
  );
}
