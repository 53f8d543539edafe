"use client";
// A form bound to a server action. The action's result (a message and field errors) is
// shared with the fields inside through context, so each field shows its own error. When the
// server rejects the form, what was typed stays: the submitted values come back with the
// error and become the fields' defaults (React resets a form after its action runs), and
// focus goes to the first field at fault, else to the announced message.
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

/** What the form last submitted, by field name; kept only after an error. */
type SubmittedValues = Record<string, string[]>;
type FormResult = ActionResult<unknown> & { submitted?: SubmittedValues };

const ResultContext = createContext<FormResult>(IDLE);

function submittedValues(formData: FormData): SubmittedValues {
  const values: SubmittedValues = {};
  for (const [name, value] of formData.entries())
    if (typeof value === "string") (values[name] ??= []).push(value);
  return values;
}

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
  const [result, formAction] = useActionState<FormResult, FormData>(async (state, formData) => {
    const outcome = await action(state, formData);
    return outcome.ok ? outcome : { ...outcome, submitted: submittedValues(formData) };
  }, IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result === IDLE) return;
    if (result.ok) {
      if (resetOnSuccess) formRef.current?.reset();
      return;
    }
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? alertRef.current)?.focus();
  }, [result, resetOnSuccess]);
  return (
    <ResultContext value={result}>
      <form ref={formRef} action={formAction} className={className} noValidate>
        {!result.ok ? (
          <Alert ref={alertRef} tone="error" className="mb-4">
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

/** The action's last result, for content that depends on it (a created key, a link). */
export function useActionResult(): ActionResult<unknown> {
  return useContext(ResultContext);
}

/** The field's first error, including those of its items ("allowedOrigins.2" for a list). */
export function useFieldError(name: string): string | undefined {
  const result = useContext(ResultContext);
  if (result.ok || !result.fields) return undefined;
  const key = Object.keys(result.fields).find((k) => k === name || k.startsWith(`${name}.`));
  return key ? result.fields[key]?.[0] : undefined;
}

/** What was submitted in the field after an error (all values, for checkboxes), else undefined. */
export function useSubmittedValues(name: string): string[] | undefined {
  const result = useContext(ResultContext);
  if (result.ok || !result.submitted) return undefined;
  return result.submitted[name] ?? [];
}

/** The value a field starts with: what was submitted after an error, else its own default. */
export function useFieldDefault(name: string, defaultValue?: string): string | undefined {
  return useSubmittedValues(name)?.[0] ?? defaultValue;
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
  defaultValue: givenDefault,
  ...input
}: TextFieldProps) {
  const error = useFieldError(name);
  const defaultValue = useFieldDefault(name, givenDefault);
  const id = givenId ?? `field-${name}`;
  const common = {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, hint, error),
    defaultValue,
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
  defaultValue: givenDefault,
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
  const defaultValue = useFieldDefault(name, givenDefault);
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
