import { useState } from "react";

import { useLookup } from "../api/mutations/lookup";
import type { LookupRequest, LookupResponse } from "../api/types";
import { PageHeader } from "../components/Card";
import { EmptyState, ErrorAlert, Loading } from "../components/Feedback";
import { LookupForm } from "../components/LookupForm";
import { LookupTable } from "../components/LookupTable";
import { StatbateFreshness } from "../components/StatbateFreshness";
import { useConnections } from "../hooks/useConnections";
import { findConnection, isUsable } from "../lib/connections";
import { GetStarted } from "./home/GetStarted";
import { SavePastePanel } from "./home/SavePastePanel";

function FailureBanner({ failures }: { failures: LookupResponse["failures"] }) {
  return (
    <div
      role="alert"
      data-testid="failure-banner"
      className="rounded-lg border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm"
    >
      <p className="font-medium text-amber-200">
        Some sources failed: the results below may be incomplete.
      </p>
      <ul className="mt-1 space-y-0.5 text-amber-200/80">
        {failures.map((failure, index) => (
          <li key={`${failure.service}-${index}`}>
            <span className="font-semibold">{failure.service}</span>: {failure.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Results({ response, request }: { response: LookupResponse; request: LookupRequest }) {
  return (
    <div data-testid="lookup-results" className="space-y-4">
      {response.failures.length > 0 ? <FailureBanner failures={response.failures} /> : null}
      <StatbateFreshness uses={response.statbate} />
      {response.excluded.length > 0 ? (
        <p
          data-testid="excluded-notice"
          className="rounded-lg border border-slate-800 bg-slate-900/60 px-4 py-2.5 text-sm text-slate-400"
        >
          Skipped as excluded: <span className="text-slate-200">{response.excluded.join(", ")}</span>
        </p>
      ) : null}
      {response.people.length === 0 && response.newNames.length === 0 ? (
        <EmptyState title="Nobody found">No username in the input matched anyone to show.</EmptyState>
      ) : (
        <LookupTable
          people={response.people}
          newNames={response.newNames}
          roomDataRequested={request.includeMyRoomData ?? true}
          statbateRequested={request.includeStatbate ?? false}
        />
      )}
    </div>
  );
}

export function HomePage() {
  const [lastRequest, setLastRequest] = useState<LookupRequest | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const mutation = useLookup();
  const connections = useConnections();
  const unconnected = findConnection(connections.data?.items, "cb_events")?.state === "not_set";
  const statbateConnected = connections.data
    ? isUsable(findConnection(connections.data.items, "statbate"))
    : undefined;
  const submit = (request: LookupRequest) => {
    setLastRequest(request);
    mutation.mutate(request);
  };
  return (
    <div className="space-y-6">
      <PageHeader
        title="Lookup & Analyze"
        subtitle="Look up one username, or paste a chat log to see everyone in it, or to save its messages."
      />
      {unconnected && connections.data ? <GetStarted connections={connections.data.items} /> : null}
      <LookupForm onSubmit={submit} onSave={setSaving} pending={mutation.isPending} statbateConnected={statbateConnected} />
      {saving !== null ? <SavePastePanel key={saving} text={saving} onClose={() => setSaving(null)} /> : null}
      {mutation.isPending ? <Loading label="Looking up…" /> : null}
      {mutation.isError ? <ErrorAlert error={mutation.error} testId="lookup-error" /> : null}
      {mutation.isSuccess && lastRequest ? (
        <Results key={mutation.submittedAt} response={mutation.data} request={lastRequest} />
      ) : null}
      {mutation.isIdle && saving === null ? (
        <EmptyState title="Nothing looked up yet">
          Type a username (press <kbd className="rounded border border-slate-700 px-1">/</kbd> to
          jump to the field) or paste text, then press “Look up & analyze”.
        </EmptyState>
      ) : null}
    </div>
  );
}
