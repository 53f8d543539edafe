"use client";
// A form bound to a server action. The action's result (a message and field errors) is
// shared with the fields inside through context, so each field shows its own error.
import {
  createContext,
  useActionState,
  useContext,
  useEffect,
  useRef,
  type ReactNode,
} from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/actions/action-result";
import { IDLE } from "@/lib/actions/idle-result";
import { Alert } from "./alert";
import { Button } from "./button";
import { describedBy, Field, Input, Select, Textarea } from "./field";

type FormAction = (
  state: ActionResult<unknown>,
  formData: FormData,
) => Promise<ActionResult<unknown>>;

const ResultContext = createContext<ActionResult<unknown>>(IDLE);

export function ActionForm({
  action,
  children,
  className,
  resetOnSuccess = false,
  showSuccess = true,
}: {
  action: FormAction;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  showSuccess?: boolean;
}) {
  const [result, formAction] = useActionState(action, IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && result.ok && result !== IDLE) formRef.current?.reset();
  }, [result, resetOnSuccess]);
  return (
    <ResultContext value={result}>
      <form ref={formRef} action={formAction} className={className} noValidate>
        {!result.ok ? (
          <Alert tone="error" className="mb-4">
            {result.message}
          </Alert>
        ) : null}
        {showSuccess && result.ok && result.message ? (
          <Alert tone="success" className="mb-4">
            {result.message}
          </Alert>
        ) : null}
        {children}
      </form>
    </ResultContext>
  );
}

export function useFieldError(name: string): string | undefined {
  const result = useContext(ResultContext);
  return result.ok ? undefined : result.fields?.[name]?.[0];
}

interface TextFieldProps {
  name: string;
  /** Needed when the same field name appears more than once on a page. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  type?: string;
  defaultValue?: string;
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  multiline?: boolean;
  className?: string;
}

export function TextField({
  name,
  id: givenId,
  label,
  hint,
  multiline,
  className,
  ...input
}: TextFieldProps) {
  const error = useFieldError(name);
  const id = givenId ?? `field-${name}`;
  const common = {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, hint, error),
  };
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      {multiline ? <Textarea {...common} {...input} /> : <Input {...common} {...input} />}
    </Field>
  );
}

export function SelectField({
  name,
  id: givenId,
  label,
  hint,
  options,
  defaultValue,
  className,
}: {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  defaultValue?: string;
  className?: string;
}) {
  const error = useFieldError(name);
  const id = givenId ?? `field-${name}`;
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      {/* Keyed by its default: after an action React resets the form to the defaults it first
          rendered, so a select would show the old value although the page shows the saved one. */}
      <Select
        key={defaultValue}
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function SubmitButton({
  children,
  pendingLabel,
  variant,
}: {
  children: ReactNode;
  pendingLabel?: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
      {pending ? (pendingLabel ?? "Saving…") : children}
    </Button>
  );
}
