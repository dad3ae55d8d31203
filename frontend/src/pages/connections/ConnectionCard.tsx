import { useState, type FormEvent } from "react";

import { useRemoveConnection, useSetConnection, useTestConnection } from "../../api/mutations/connections";
import type { Connection, SetConnectionRequest } from "../../api/types";
import { Badge } from "../../components/Badge";
import { ErrorAlert, Spinner } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { sourceText, STATE_LABELS, STATE_TONES } from "../../lib/connections";

/** The request body from what was typed: the first part is `value`, the others by key. */
export function requestFrom(connection: Connection, typed: Record<string, string>): SetConnectionRequest {
  const [first, ...others] = connection.parts;
  const body: SetConnectionRequest = { value: (typed[first?.key ?? ""] ?? "").trim() };
  for (const part of others) {
    const text = (typed[part.key] ?? "").trim();
    if (part.key === "xsrfToken") body.xsrfToken = text;
    if (part.key === "userKey") body.userKey = text;
  }
  return body;
}

function ValueInUse({ connection }: { connection: Connection }) {
  const hints = connection.parts.filter((part) => part.hint);
  return (
    <p data-testid="connection-source" className="text-sm text-slate-300">
      {sourceText(connection)}
      {hints.length > 0 ? (
        <span className="ml-1 text-slate-400">
          Ends in{" "}
          {hints.map((part, index) => (
            <span key={part.key}>
              {index > 0 ? ", " : null}
              <code className="rounded bg-slate-800 px-1 font-mono text-slate-200">…{part.hint}</code>
              {connection.parts.length > 1 ? ` (${part.label})` : null}
            </span>
          ))}
          .
        </span>
      ) : null}
    </p>
  );
}

function Health({ connection }: { connection: Connection }) {
  if (!connection.message && !connection.checkedAt) return null;
  const failed = connection.state === "refused" || connection.state === "failing" || connection.state === "unreadable";
  return (
    <div
      data-testid="connection-message"
      className={`rounded-lg border px-3 py-2 text-sm ${
        failed ? "border-rose-900/70 bg-rose-950/30 text-rose-200" : "border-slate-800 bg-slate-950/40 text-slate-300"
      }`}
    >
      {connection.message ? <p className="break-words">{connection.message}</p> : null}
      <p className="mt-0.5 text-xs text-slate-500">
        {connection.checkedAt ? (
          <>
            {failed ? "Since " : "Checked "}
            <TimeText iso={connection.checkedAt} />
          </>
        ) : null}
        {connection.lastSuccessAt ? (
          <>
            {" · last worked "}
            <TimeText iso={connection.lastSuccessAt} />
          </>
        ) : null}
      </p>
    </div>
  );
}

/** One connection: its state, where its value comes from, and the form that sets it. */
export function ConnectionCard({ connection }: { connection: Connection }) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const save = useSetConnection(connection.name);
  const test = useTestConnection(connection.name);
  const remove = useRemoveConnection(connection.name);
  const complete = connection.parts.every((part) => (typed[part.key] ?? "").trim() !== "");
  const busy = save.isPending || test.isPending || remove.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    test.reset();
    save.mutate(requestFrom(connection, typed), {
      onSuccess: (saved) => {
        setTyped({});
        // A value in use is tested at once, so the owner knows where it stands.
        if (saved.source === "panel") test.mutate();
      },
    });
  };

  return (
    <section
      data-testid={`connection-${connection.name}`}
      data-state={connection.state}
      className="card space-y-3 p-4 sm:p-5"
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold text-white">{connection.label}</h2>
        <Badge tone={STATE_TONES[connection.state]} testId="connection-state">
          {STATE_LABELS[connection.state]}
        </Badge>
      </header>
      <p className="text-sm text-slate-400">{connection.purpose}</p>
      <ValueInUse connection={connection} />
      {connection.environmentMissing.length > 0 ? (
        <p className="text-sm text-amber-200">
          The environment sets only part of it ({connection.environmentMissing.join(", ")} missing), so
          the value set here is used.
        </p>
      ) : null}
      <Health connection={connection} />
      <form onSubmit={submit} className="space-y-2" autoComplete="off">
        <div className={`grid grid-cols-1 gap-2 ${connection.parts.length > 1 ? "sm:grid-cols-2" : ""}`}>
          {connection.parts.map((part) => (
            <label key={part.key} className="block text-sm">
              <span className="mb-1 block text-slate-300">{part.label}</span>
              <input
                type="password"
                data-testid={`connection-input-${part.key}`}
                className="input w-full font-mono"
                autoComplete="off"
                spellCheck={false}
                placeholder={connection.stored ? "Paste a new value to replace it" : "Paste it here"}
                value={typed[part.key] ?? ""}
                onChange={(event) => setTyped((current) => ({ ...current, [part.key]: event.target.value }))}
              />
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-500">
          {connection.where}{" "}
          <a
            href={connection.whereUrl}
            target="_blank"
            rel="noreferrer noopener"
            className="text-indigo-300 underline-offset-2 hover:underline"
          >
            Where to find it ↗
          </a>
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" data-testid="connection-save" className="btn-primary btn-sm" disabled={!complete || busy}>
            {save.isPending ? <Spinner className="h-3 w-3" /> : null}
            Save and test
          </button>
          <button
            type="button"
            data-testid="connection-test"
            className="btn-secondary btn-sm"
            disabled={connection.source === null || busy}
            onClick={() => test.mutate()}
          >
            {test.isPending ? <Spinner className="h-3 w-3" /> : null}
            Test
          </button>
          {connection.stored ? (
            <button
              type="button"
              data-testid="connection-remove"
              className="btn-ghost btn-sm text-rose-300"
              disabled={busy}
              onClick={() => {
                if (window.confirm(`Remove the ${connection.label} value set here?`)) remove.mutate();
              }}
            >
              Remove
            </button>
          ) : null}
        </div>
      </form>
      {/* What the test found is in the health box once the list has it; said here otherwise. */}
      {test.data && test.data.message !== connection.message ? (
        <p
          role="status"
          data-testid="connection-test-result"
          data-outcome={test.data.outcome ?? "untested"}
          className={`text-sm ${test.data.outcome === "working" ? "text-emerald-300" : test.data.outcome ? "text-rose-300" : "text-slate-400"}`}
        >
          {test.data.message}
        </p>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} testId="connection-error" /> : null}
      {test.error ? <ErrorAlert error={test.error} testId="connection-error" /> : null}
      {remove.error ? <ErrorAlert error={remove.error} testId="connection-error" /> : null}
    </section>
  );
}
