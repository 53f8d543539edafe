"use client";
// A new API key starts with no scope: each one given is a deliberate choice, described by what
// it allows. The key is shown once, after it is created.
import {
  ActionForm,
  SubmitButton,
  TextField,
  useActionResult,
  useFieldError,
  useSubmittedValues,
} from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function CreateApiKeyForm({
  action,
  scopes,
}: {
  action: Action;
  scopes: Record<string, string>;
}) {
  return (
    <ActionForm action={action} className="space-y-4" showSuccess={false} resetOnSuccess>
      <CreatedKey />
      <TextField id="api-key-name" name="name" label="Name" hint="What uses it, e.g. “CRM sync”." />
      <ScopeChoices scopes={scopes} />
      <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
    </ActionForm>
  );
}

function CreatedKey() {
  const result = useActionResult();
  const created =
    result.ok && result.data && typeof result.data === "object" && "key" in result.data
      ? String(result.data.key)
      : null;
  if (!created) return null;
  return (
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
  );
}

function ScopeChoices({ scopes }: { scopes: Record<string, string> }) {
  const error = useFieldError("scopes");
  const submitted = useSubmittedValues("scopes") ?? [];
  return (
    <fieldset aria-describedby={error ? "api-key-scopes-error" : "api-key-scopes-hint"}>
      <legend className="text-sm font-medium text-slate-800">Scopes</legend>
      <p id="api-key-scopes-hint" className="mt-1 text-xs text-slate-600">
        None is chosen for you: give the key only what it needs.
      </p>
      {Object.entries(scopes).map(([scope, description], index) => {
        const checked = submitted.includes(scope);
        return (
          <label key={`${scope}-${checked}`} className="mt-2 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              defaultChecked={checked}
              aria-invalid={error && index === 0 ? true : undefined}
              className="mt-0.5 size-4"
            />
            <span>
              <code className="font-mono text-xs">{scope}</code>{" "}
              <span className="text-slate-600">{description}</span>
            </span>
          </label>
        );
      })}
      {error ? (
        <p id="api-key-scopes-error" className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
