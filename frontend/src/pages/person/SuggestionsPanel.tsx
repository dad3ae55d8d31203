import { useState } from "react";
import { Link } from "react-router";

import { sameSuggestion, useDecideSuggestion, type SuggestionOutcome } from "../../api/mutations/analysis";
import type { SuggestedAttribute, SuggestionDecision } from "../../api/types";
import { ConfidenceBadge } from "../../components/ConfidenceBadge";
import { EvidenceLinks } from "../../components/Evidence";
import { ErrorAlert, Spinner } from "../../components/Feedback";
import { insightTitle } from "../../components/InsightCard";

/** Inferred attributes the owner can accept into the person's tags or dismiss for good. */
export function SuggestionsPanel({
  personId,
  suggestions,
  includeExcluded,
}: {
  personId: number;
  suggestions: SuggestedAttribute[];
  includeExcluded: boolean;
}) {
  const [last, setLast] = useState<(SuggestionDecision & { outcome: SuggestionOutcome }) | null>(null);
  const decide = useDecideSuggestion(personId, includeExcluded);
  const choose = (suggestion: SuggestedAttribute, outcome: SuggestionOutcome) => {
    const decision = { key: suggestion.key, value: suggestion.value, outcome };
    decide.mutate(decision, { onSuccess: () => setLast(decision) });
  };

  const busyWith = decide.isPending ? decide.variables : null;

  return (
    <section data-testid="analysis-suggestions" className="card p-4 sm:p-5">
      <header className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="card-title">Suggested tags</h3>
        <p className="text-xs text-slate-500">Accepting stores the tag with its confidence and evidence.</p>
      </header>
      {last ? (
        <p data-testid="suggestion-feedback" className="mb-3 rounded-md bg-slate-950/60 px-3 py-2 text-sm text-slate-300">
          {last.outcome === "accepted" ? (
            <>
              Saved <span className="font-medium text-indigo-200">{last.key}</span>={last.value} to the{" "}
              <Link className="link" to={`/person/${personId}?tab=attributes`}>
                attributes
              </Link>
              .
            </>
          ) : (
            <>
              Dismissed <span className="font-medium text-slate-200">{last.key}</span>={last.value}: it will not be suggested
              again.
            </>
          )}
        </p>
      ) : null}
      {suggestions.length === 0 ? (
        <p className="text-sm text-slate-500">No suggestions left.</p>
      ) : (
        <ul className="divide-y divide-slate-800/70">
          {suggestions.map((suggestion) => {
            const pending = busyWith !== null && busyWith !== undefined && sameSuggestion(busyWith, suggestion);
            return (
              <li
                key={`${suggestion.key}=${suggestion.value}`}
                data-testid="suggestion"
                data-key={suggestion.key}
                data-value={suggestion.value}
                className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-start"
              >
                <div className="min-w-0 flex-1 space-y-1.5">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="rounded-md border border-indigo-700/60 bg-indigo-950/60 px-2 py-0.5 text-sm font-medium text-indigo-100">
                      <span className="text-indigo-300/80">{suggestion.key}</span>={suggestion.value}
                    </span>
                    <ConfidenceBadge confidence={suggestion.confidence} testId="suggestion-confidence" />
                    {suggestion.currentValue !== null && suggestion.currentValue !== suggestion.value ? (
                      <span className="text-xs text-amber-300">replaces “{suggestion.currentValue}”</span>
                    ) : null}
                    <span className="text-xs text-slate-500">from {insightTitle(suggestion.insightKey).toLowerCase()}</span>
                  </div>
                  <p className="text-sm text-slate-300">{suggestion.reason}</p>
                  <EvidenceLinks evidence={suggestion.evidence} personId={personId} initial={4} />
                </div>
                <div className="flex shrink-0 gap-2">
                  <button
                    type="button"
                    data-testid="suggestion-accept"
                    className="btn-primary btn-sm"
                    disabled={decide.isPending}
                    onClick={() => choose(suggestion, "accepted")}
                  >
                    {pending && busyWith?.outcome === "accepted" ? <Spinner className="h-3 w-3" /> : null}
                    Accept
                  </button>
                  <button
                    type="button"
                    data-testid="suggestion-dismiss"
                    className="btn-ghost btn-sm"
                    disabled={decide.isPending}
                    onClick={() => choose(suggestion, "dismissed")}
                  >
                    {pending && busyWith?.outcome === "dismissed" ? <Spinner className="h-3 w-3" /> : null}
                    Dismiss
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {decide.error ? (
        <div className="mt-3">
          <ErrorAlert error={decide.error} testId="suggestion-error" />
        </div>
      ) : null}
    </section>
  );
}
