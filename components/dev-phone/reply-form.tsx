"use client";
import {
  ActionForm,
  SubmitButton,
  useFieldDefault,
  useFieldError,
} from "@/components/ui/action-form";
import { Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

/** The composer under a conversation, with one-tap keywords. */
export function ReplyForm({ phone, action }: { phone: string; action: Action }) {
  return (
    <ActionForm action={action} className="space-y-2" resetOnSuccess>
      <input type="hidden" name="phone" value={phone} />
      <BodyInput />
      <div className="flex flex-wrap items-center gap-2">
        {["YES", "STOP", "START", "HELP"].map((keyword) => (
          <button
            key={keyword}
            type="submit"
            name="keyword"
            value={keyword}
            className="rounded-full bg-slate-100 px-3 py-1 text-xs font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-200"
          >
            {keyword}
          </button>
        ))}
      </div>
    </ActionForm>
  );
}

function BodyInput() {
  const error = useFieldError("body");
  const defaultValue = useFieldDefault("body");
  return (
    <div className="flex gap-2">
      <label htmlFor="dev-reply" className="sr-only">
        Reply
      </label>
      <Input
        id="dev-reply"
        name="body"
        placeholder="Text message"
        autoComplete="off"
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
      />
      <SubmitButton pendingLabel="Sending…">Send</SubmitButton>
    </div>
  );
}
