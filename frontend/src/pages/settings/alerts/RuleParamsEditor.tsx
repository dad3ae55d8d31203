import type { AlertKind, AlertRuleParams, WatchlistRef } from "../../../api/types";
import { RECENT_TIPS_LEVELS } from "../../../api/types";

/** The parameters a kind of rule reads, as form controls. */
export function RuleParamsEditor({
  kind,
  params,
  watchlists,
  onChange,
  idPrefix,
}: {
  kind: AlertKind;
  params: AlertRuleParams;
  watchlists: WatchlistRef[];
  onChange: (params: AlertRuleParams) => void;
  idPrefix: string;
}) {
  if (kind === "watchlist_enters") {
    const chosen = new Set(params.watchlistIds ?? []);
    return (
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">Watchlists</legend>
        {watchlists
          .filter((list) => list.name !== "Excluded")
          .map((list) => (
            <label key={list.id} className="flex items-center gap-1.5 text-sm text-slate-300">
              <input
                type="checkbox"
                checked={chosen.has(list.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(list.id);
                  else next.delete(list.id);
                  onChange({ ...params, watchlistIds: [...next].sort((a, b) => a - b) });
                }}
              />
              {list.name}
            </label>
          ))}
      </fieldset>
    );
  }
  if (kind === "big_spender_enters" || kind === "first_visit_tip") {
    const id = `${idPrefix}-min-tokens`;
    return (
      <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-300">
        at least
        <input
          id={id}
          type="number"
          min={1}
          max={1_000_000_000}
          className="input w-32"
          value={params.minTokens ?? ""}
          onChange={(event) =>
            onChange({ ...params, minTokens: event.target.value === "" ? null : Number(event.target.value) })
          }
        />
        tokens {kind === "big_spender_enters" ? "all-time on Statbate" : "in one tip"}
      </label>
    );
  }
  if (kind === "recent_tips") {
    const chosen = new Set(params.levels ?? []);
    return (
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">recentTips levels</legend>
        {RECENT_TIPS_LEVELS.map((level) => (
          <label key={level} className="flex items-center gap-1.5 text-sm text-slate-300">
            <input
              type="checkbox"
              checked={chosen.has(level)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(level);
                else next.delete(level);
                onChange({ ...params, levels: RECENT_TIPS_LEVELS.filter((item) => next.has(item)) });
              }}
            />
            {level}
          </label>
        ))}
      </fieldset>
    );
  }
  return null;
}
