import { useState } from "react";

import { useCreateAlertRule } from "../../../api/mutations/alerts";
import type { AlertKind, AlertRuleParams, WatchlistRef } from "../../../api/types";
import { ErrorAlert } from "../../../components/Feedback";
import { ALERT_KINDS, defaultParams, KIND_LABELS } from "./ruleParams";
import { RuleParamsEditor } from "./RuleParamsEditor";

/** A rule of the owner's own: a kind, a name and what it reads. */
export function NewRuleForm({ watchlists, onDone }: { watchlists: WatchlistRef[]; onDone: () => void }) {
  const create = useCreateAlertRule();
  const [kind, setKind] = useState<AlertKind>("watchlist_enters");
  const [name, setName] = useState("");
  const [params, setParams] = useState<AlertRuleParams>(defaultParams("watchlist_enters", watchlists.map((w) => w.id)));

  const chooseKind = (next: AlertKind) => {
    setKind(next);
    setParams(defaultParams(next, watchlists.map((w) => w.id)));
  };

  return (
    <form
      data-testid="alert-rule-form"
      className="space-y-3 rounded-lg border border-slate-800 bg-slate-950/40 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        const rule = { kind, name: name.trim() || KIND_LABELS[kind].title, params, enabled: true, oncePerShow: true, cooldownMinutes: 60 };
        create.mutate(rule, { onSuccess: onDone });
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <label className="label">
          What to watch for
          <select className="input mt-1" value={kind} onChange={(event) => chooseKind(event.target.value as AlertKind)}>
            {ALERT_KINDS.map((item) => (
              <option key={item} value={item}>
                {KIND_LABELS[item].title}
              </option>
            ))}
          </select>
        </label>
        <label className="label">
          Name
          <input
            className="input mt-1"
            maxLength={100}
            placeholder={KIND_LABELS[kind].title}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
      </div>
      <p className="text-xs text-slate-400">{KIND_LABELS[kind].help}</p>
      <RuleParamsEditor kind={kind} params={params} watchlists={watchlists} onChange={setParams} idPrefix="new-rule" />
      {create.error ? <ErrorAlert error={create.error} /> : null}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary btn-sm" disabled={create.isPending}>
          Add rule
        </button>
        <button type="button" className="btn-ghost btn-sm" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
