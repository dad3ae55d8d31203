import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { listApiKeys } from "../../../api/endpoints";
import { keys } from "../../../api/keys";
import { useCreateApiKey, useRevokeApiKey } from "../../../api/mutations/account";
import type { ApiKey, NewApiKey } from "../../../api/types";
import { Card } from "../../../components/Card";
import { EmptyState, ErrorAlert, QueryState } from "../../../components/Feedback";
import { TimeText } from "../../../components/TimeText";
import { ConfirmWithPassword } from "./PasswordField";

/** Bearer keys for scripts: made with the password and shown once, listed with their last use,
 * revoked with the password. */
export function ApiKeysCard() {
  const list = useQuery({ queryKey: keys.apiKeys, queryFn: listApiKeys });
  const create = useCreateApiKey();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<NewApiKey | null>(null);

  return (
    <Card title="API keys" testId="api-keys-card">
      <p className="mb-3 text-sm text-slate-400">
        For scripts: send <code className="text-slate-200">Authorization: Bearer &lt;key&gt;</code>. A key is
        shown once, when it is made.
      </p>
      {created ? (
        <div
          data-testid="api-key-created"
          className="mb-3 rounded-lg border border-emerald-900/70 bg-emerald-950/40 px-3 py-2 text-sm text-emerald-100"
        >
          <p className="font-medium">“{created.name}” — copy it now, it will not be shown again:</p>
          <code data-testid="api-key-secret" className="mt-1 block font-mono text-xs break-all select-all">
            {created.key}
          </code>
          <button type="button" className="btn-ghost btn-sm mt-2" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      ) : null}
      <ConfirmWithPassword
        label="Create key"
        testId="api-key-create"
        pending={create.isPending}
        disabled={!name.trim()}
        onConfirm={(password) =>
          create.mutate(
            { name: name.trim(), password },
            {
              onSuccess: (key) => {
                setCreated(key);
                setName("");
              },
            },
          )
        }
      >
        <div className="min-w-40 flex-1">
          <label htmlFor="api-key-name" className="label">
            Name
          </label>
          <input
            id="api-key-name"
            data-testid="api-key-name"
            className="input"
            maxLength={100}
            placeholder="nightly export"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
      </ConfirmWithPassword>
      {create.isError ? <ErrorAlert error={create.error} testId="api-key-create-error" /> : null}
      <div className="mt-4">
        <QueryState
          query={list}
          isEmpty={(items) => items.length === 0}
          empty={<EmptyState title="No API keys yet" />}
        >
          {(items) => (
            <ul className="divide-y divide-slate-800/70" data-testid="api-key-list">
              {items.map((key) => (
                <ApiKeyRow key={key.id} apiKey={key} />
              ))}
            </ul>
          )}
        </QueryState>
      </div>
    </Card>
  );
}

function ApiKeyRow({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const [asking, setAsking] = useState(false);
  const revoked = apiKey.revokedAt !== null;
  return (
    <li className="py-2.5" data-testid="api-key-row">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-white">{apiKey.name}</p>
          <p className="text-xs text-slate-400">
            <code>{apiKey.prefix}…</code> · made <TimeText iso={apiKey.createdAt} /> · last used{" "}
            {apiKey.lastUsedAt ? <TimeText iso={apiKey.lastUsedAt} /> : "never"}
            {revoked ? (
              <>
                {" "}
                · <span className="text-rose-300">revoked <TimeText iso={apiKey.revokedAt} /></span>
              </>
            ) : null}
          </p>
        </div>
        {!revoked && !asking ? (
          <button type="button" className="btn-ghost btn-sm" onClick={() => setAsking(true)}>
            Revoke
          </button>
        ) : null}
      </div>
      {asking && !revoked ? (
        <div className="mt-2">
          <ConfirmWithPassword
            label="Revoke for good"
            danger
            testId={`api-key-revoke-${apiKey.id}`}
            pending={revoke.isPending}
            onConfirm={(password) =>
              revoke.mutate({ id: apiKey.id, password }, { onSuccess: () => setAsking(false) })
            }
          />
          {revoke.isError ? <ErrorAlert error={revoke.error} /> : null}
        </div>
      ) : null}
    </li>
  );
}
