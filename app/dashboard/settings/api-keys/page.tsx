import type { Metadata } from "next";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { API_KEY_SCOPES } from "@/lib/api-keys/api-key-scopes";
import { listApiKeys } from "@/lib/api-keys/manage-api-keys";
import { requireMembership } from "@/lib/auth/require-membership";
import { getEnv } from "@/lib/env";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { organizationId } = await requireMembership("api_keys:manage");
  const keys = await listApiKeys({ organizationId });
  const base = getEnv().publicBaseUrl;
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let other systems use this organization's REST API, each only for the scopes it is given. Only a hash is stored; a lost key cannot be shown again, only revoked."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Keys" />
          {keys.length === 0 ? (
            <CardBody>
              <EmptyState title="No API keys" />
            </CardBody>
          ) : (
            <ul className="divide-y divide-slate-100">
              {keys.map((key) => (
                <li
                  key={key.id}
                  className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm"
                >
                  <div>
                    <p className="font-medium text-slate-900">
                      {key.name}{" "}
                      {key.revokedAt ? (
                        <Badge tone="red">revoked</Badge>
                      ) : (
                        <Badge tone="green">active</Badge>
                      )}
                    </p>
                    <p className="mt-0.5 font-mono text-xs text-slate-600">
                      {key.prefix}… · {key.scopes.join(", ")}
                    </p>
                    <p className="mt-0.5 text-xs text-slate-600">
                      Created <Timestamp value={key.createdAt} withLocal={false} />
                      {key.lastUsedAt ? (
                        <>
                          {" "}
                          · last used <Timestamp value={key.lastUsedAt} withLocal={false} />
                        </>
                      ) : null}
                    </p>
                  </div>
                  {key.revokedAt ? null : (
                    <ConfirmAction
                      action={revokeApiKeyAction.bind(null, key.id)}
                      label="Revoke"
                      question={`Revoke “${key.name}”? Every app using it is refused at once; this cannot be undone.`}
                      confirmLabel="Yes, revoke"
                      pendingLabel="Revoking…"
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          <CardBody className="border-t border-slate-200 text-xs text-slate-600">
            <code className="font-mono">
              curl -H &quot;Authorization: Bearer optl_…&quot; {base}
              /api/v1/subscribers?status=confirmed
            </code>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="New key" />
          <CardBody>
            <CreateApiKeyForm action={createApiKeyAction} scopes={API_KEY_SCOPES} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
