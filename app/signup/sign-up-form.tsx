"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { formText } from "@/lib/actions/form-data";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import { signUpAction } from "./actions";

const FIELDS = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "organizationName", label: "Organization", type: "text", autoComplete: "organization" },
  { name: "email", label: "Work email", type: "email", autoComplete: "email" },
  {
    name: "password",
    label: "Password",
    type: "password",
    autoComplete: "new-password",
    hint: "At least 10 characters.",
  },
] as const;

export function SignUpForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const form = new FormData(event.currentTarget);
    const input = {
      name: formText(form, "name"),
      organizationName: formText(form, "organizationName"),
      email: formText(form, "email"),
      password: formText(form, "password"),
    };
    const result = await signUpAction(input);
    if (!result.ok) {
      setPending(false);
      setMessage(result.message);
      setFields(result.fields ?? {});
      return;
    }
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? <Alert tone="error">{message}</Alert> : null}
      {FIELDS.map((field) => {
        const id = `signup-${field.name}`;
        const error = fields[field.name]?.[0];
        const hint = "hint" in field ? field.hint : undefined;
        return (
          <Field key={field.name} id={id} label={field.label} hint={hint} error={error}>
            <Input
              id={id}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(id, hint, error)}
            />
          </Field>
        );
      })}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </Button>
    </form>
  );
}
