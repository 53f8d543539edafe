"use client";
// The forms of the account flows (sign-up, finishing sign-up, password reset and change,
// accepting an invitation). Each posts its fields to a server action; on an error the typed
// input stays, the message is announced and focus goes to the first field at fault. On success
// the form either shows what happens next, or signs in with the password just typed (the
// server ended or never had a session) and goes on to `goTo`.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import type { FieldErrors } from "@/lib/errors";

export interface AccountField {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autoComplete: string;
  hint?: string;
}

export type AccountFormAction = (
  input: Record<string, string>,
) => Promise<ActionResult<{ email: string; message?: string }>>;

export function AccountForm({
  action,
  fields,
  hidden = {},
  submitLabel,
  pendingLabel,
  after,
  children,
}: {
  action: AccountFormAction;
  fields: AccountField[];
  /** Values sent along without a field (a link's token). */
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  /** What follows success: sign in with the field `passwordField`, or show the action's message. */
  after: { signInWith: string; goTo: string } | { showMessage: true };
  children?: ReactNode;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  function fail(text: string, fieldErrors: FieldErrors = {}) {
    setPending(false);
    setMessage(text);
    setErrors(fieldErrors);
    // After React has rendered the errors: focus the first field at fault, else the message.
    requestAnimationFrame(() => {
      const first = fields.find((field) => fieldErrors[field.name]);
      const target = first
        ? formRef.current?.querySelector<HTMLInputElement>(`[name="${first.name}"]`)
        : alertRef.current;
      target?.focus();
    });
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    const form = new FormData(event.currentTarget);
    const input = { ...hidden };
    for (const field of fields) input[field.name] = formText(form, field.name);
    const result = await action(input);
    if (!result.ok) return fail(result.message, result.fields);
    if ("showMessage" in after) {
      setPending(false);
      setErrors({});
      setDone(result.data.message ?? result.message ?? "Done.");
      return;
    }
    const signedIn = await signIn("credentials", {
      email: result.data.email,
      password: input[after.signInWith] ?? "",
      redirect: false,
    });
    if (!signedIn || signedIn.error) {
      setPending(false);
      router.replace(`/login?${new URLSearchParams({ email: result.data.email })}`);
      return;
    }
    router.replace(after.goTo);
  }

  if (done) {
    return (
      <Alert tone="success">
        <span className="whitespace-pre-line">{done}</span>
      </Alert>
    );
  }
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? (
        <div ref={alertRef} tabIndex={-1} className="outline-none">
          <Alert tone="error">{message}</Alert>
        </div>
      ) : null}
      {children}
      {fields.map((field) => {
        const id = `account-${field.name}`;
        const error = errors[field.name]?.[0];
        return (
          <Field key={field.name} id={id} label={field.label} hint={field.hint} error={error}>
            <Input
              id={id}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(id, field.hint, error)}
            />
          </Field>
        );
      })}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
