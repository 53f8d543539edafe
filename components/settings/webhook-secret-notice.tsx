// A signing secret, shown once after it is made (new endpoint, rolled secret).
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";

export function WebhookSecretNotice({ secret, url }: { secret: string; url: string }) {
  return (
    <Alert tone="success">
      <p className="font-medium">Signing secret for {url}. Copy it now: it is shown only once.</p>
      <div className="mt-2 flex items-center gap-2">
        <code
          className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900"
          data-testid="webhook-secret"
        >
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
    </Alert>
  );
}
