import { useState } from "react";

import { useDeleteAlertRule, useMuteAlertRule, useUpdateAlertRule } from "../../../api/mutations/alerts";
import type { AlertRule, AlertRuleParams, UpdateAlertRule, WatchlistRef } from "../../../api/types";
import { ErrorAlert } from "../../../components/Feedback";
import { TimeText } from "../../../components/TimeText";
import { KIND_LABELS, paramsSummary } from "./ruleParams";
import { RuleParamsEditor } from "./RuleParamsEditor";

export const MUTE_CHOICES = [15, 30, 60, 120, 240] as const;
export const COOLDOWN_CHOICES = [10, 30, 60, 120, 360, 1440] as const;

function muted(rule: AlertRule, now: Date): boolean {
  return rule.mutedUntil !== null && new Date(rule.mutedUntil).getTime() > now.getTime();
}

/** One rule: on or off, what it watches for, how often, muted or not. */
export function RuleRow({ rule, watchlists, now }: { rule: AlertRule; watchlists: WatchlistRef[]; now: Date }) {
  const update = useUpdateAlertRule();
  const mute = useMuteAlertRule();
  const remove = useDeleteAlertRule();
  const [editing, setEditing] = useState(false);
  const [params, setParams] = useState<AlertRuleParams>(rule.params);
  const save = (change: UpdateAlertRule) => update.mutate({ ruleId: rule.id, change });
  const names = new Map(watchlists.map((list) => [list.id, list.name]));
  const isMuted = muted(rule, now);
  const failure = update.error ?? mute.error ?? remove.error;

  return (
    <li data-testid="alert-rule" data-kind={rule.kind} className="space-y-2 py-3">
      <div className="flex flex-wrap items-start gap-3">
        <label className="mt-0.5 flex items-center gap-2">
          <input
            type="checkbox"
            data-testid="alert-rule-enabled"
            checked={rule.enabled}
            disabled={update.isPending}
            onChange={(event) => save({ enabled: event.target.checked })}
          />
          <span className="sr-only">{rule.enabled ? "Switch off" : "Switch on"}</span>
        </label>
        <div className="min-w-0 flex-1">
          <p className={`font-medium ${rule.enabled ? "text-white" : "text-slate-400"}`}>{rule.name}</p>
          <p className="text-xs text-slate-400">
            {KIND_LABELS[rule.kind].title} · {paramsSummary(rule.kind, rule.params, names)}
            {isMuted ? (
              <>
                {" · "}
                <span className="text-amber-200">
                  muted until <TimeText iso={rule.mutedUntil} mode="absolute" />
                </span>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`rule-${rule.id}-often`}>
            How often
          </label>
          <select
            id={`rule-${rule.id}-often`}
            className="input w-auto py-1 text-sm"
            value={rule.oncePerShow ? "show" : String(rule.cooldownMinutes)}
            onChange={(event) =>
              save(
                event.target.value === "show"
                  ? { oncePerShow: true }
                  : { oncePerShow: false, cooldownMinutes: Number(event.target.value) },
              )
            }
          >
            <option value="show">Once per person per show</option>
            {COOLDOWN_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                Again after {minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`}
              </option>
            ))}
          </select>
          {isMuted ? (
            <button type="button" className="btn-ghost btn-sm" onClick={() => mute.mutate({ ruleId: rule.id, minutes: 0 })}>
              Unmute
            </button>
          ) : (
            <select
              aria-label={`Mute ${rule.name}`}
              className="input w-auto py-1 text-sm"
              value=""
              onChange={(event) => mute.mutate({ ruleId: rule.id, minutes: Number(event.target.value) })}
            >
              <option value="" disabled>
                Mute…
              </option>
              {MUTE_CHOICES.map((minutes) => (
                <option key={minutes} value={minutes}>
                  for {minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="btn-ghost btn-sm" onClick={() => setEditing((open) => !open)}>
            {editing ? "Close" : "Edit"}
          </button>
        </div>
      </div>
      {editing ? (
        <div className="ml-7 space-y-2 rounded-lg border border-slate-800 bg-slate-950/40 p-3">
          <p className="text-xs text-slate-400">{KIND_LABELS[rule.kind].help}</p>
          <RuleParamsEditor kind={rule.kind} params={params} watchlists={watchlists} onChange={setParams} idPrefix={`rule-${rule.id}`} />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-primary btn-sm"
              disabled={update.isPending}
              onClick={() => update.mutate({ ruleId: rule.id, change: { params } }, { onSuccess: () => setEditing(false) })}
            >
              Save
            </button>
            <button
              type="button"
              className="btn-danger btn-sm"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the rule “${rule.name}”? The alerts it sent stay in the log.`)) remove.mutate(rule.id);
              }}
            >
              Delete rule
            </button>
          </div>
        </div>
      ) : null}
      {failure ? <ErrorAlert error={failure} /> : null}
    </li>
  );
}
