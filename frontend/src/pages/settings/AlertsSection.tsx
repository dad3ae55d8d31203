import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { getAlertSettings, listAlertRules } from "../../api/endpoints";
import { keys } from "../../api/keys";
import { useCheckPushover, useMuteAlerts, useSendTestAlert } from "../../api/mutations/alerts";
import { watchlistsQuery } from "../../api/queries";
import type { AlertSettings } from "../../api/types";
import { AlertToggles } from "../../components/alerts/AlertToggles";
import { Card } from "../../components/Card";
import { ErrorAlert, QueryState } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { useNow } from "../../hooks/useNow";
import { AlertLog } from "./alerts/AlertLog";
import { NewRuleForm } from "./alerts/NewRuleForm";
import { MUTE_CHOICES, RuleRow } from "./alerts/RuleRow";

function activeMute(settings: AlertSettings, now: Date): boolean {
  return settings.mutedUntil !== null && new Date(settings.mutedUntil).getTime() > now.getTime();
}

/** Muting everything, the test alert, and how alerts reach this browser and the phone. */
function Deliveries({ settings }: { settings: AlertSettings }) {
  const now = useNow(30_000);
  const mute = useMuteAlerts();
  const test = useSendTestAlert();
  const check = useCheckPushover();
  const muted = activeMute(settings, now);
  const pushover = test.data?.pushover;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" data-testid="alert-test" className="btn-primary btn-sm" disabled={test.isPending} onClick={() => test.mutate()}>
          Send a test alert
        </button>
        {muted ? (
          <button type="button" className="btn-secondary btn-sm" onClick={() => mute.mutate(0)}>
            Unmute all alerts
          </button>
        ) : (
          <select
            aria-label="Mute every alert"
            className="input w-auto py-1 text-sm"
            value=""
            onChange={(event) => mute.mutate(Number(event.target.value))}
          >
            <option value="" disabled>
              Mute every alert…
            </option>
            {MUTE_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                for {minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`}
              </option>
            ))}
          </select>
        )}
        {muted ? (
          <span data-testid="alerts-muted" className="text-sm text-amber-200">
            Every alert is muted until <TimeText iso={settings.mutedUntil} mode="absolute" />
          </span>
        ) : null}
      </div>
      {pushover ? (
        <p data-testid="alert-test-outcome" className="text-sm text-slate-300">
          Test alert shown on the panel’s open tabs;{" "}
          {pushover.status === "sent"
            ? "Pushover took it for your phone."
            : pushover.status === "skipped"
              ? "Pushover is not set up."
              : `Pushover failed: ${pushover.detail ?? "no detail"} (see Failures).`}
        </p>
      ) : null}
      {test.error ?? mute.error ? <ErrorAlert error={test.error ?? mute.error} /> : null}

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <div>
          <p className="mb-1 text-xs font-semibold tracking-wide text-slate-400 uppercase">This browser</p>
          <p className="mb-2 text-sm text-slate-400">
            A toast on any open page of the panel; a chime and a browser notification if you want them.
          </p>
          <AlertToggles />
        </div>
        <div>
          <p className="mb-1 text-xs font-semibold tracking-wide text-slate-400 uppercase">Your phone (Pushover)</p>
          <p className="mb-2 text-sm text-slate-400" data-testid="pushover-state">
            {settings.pushoverConfigured
              ? `Set up${settings.publicUrl ? `; alerts link to ${settings.publicUrl}` : "; set MHC_PUBLIC_URL for links to people’s pages"}.`
              : "Not set up: set MHC_PUSHOVER_TOKEN and MHC_PUSHOVER_USER to get alerts on your phone."}
          </p>
          {settings.pushoverConfigured ? (
            <div className="flex flex-wrap items-center gap-2">
              <button type="button" className="btn-ghost btn-sm" disabled={check.isPending} onClick={() => check.mutate()}>
                Check Pushover
              </button>
              {check.data ? (
                <span className={`text-sm ${check.data.ok ? "text-emerald-300" : "text-rose-300"}`}>{check.data.detail}</span>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** Alert rules and deliveries, managed from the Settings page. */
export function AlertsSection() {
  const now = useNow(30_000);
  const settings = useQuery({ queryKey: keys.alertSettings, queryFn: getAlertSettings });
  const rules = useQuery({ queryKey: keys.alertRules, queryFn: listAlertRules });
  const watchlists = useQuery(watchlistsQuery());
  const [adding, setAdding] = useState(false);
  const lists = watchlists.data ?? [];

  return (
    <section data-testid="alerts-section" aria-labelledby="alerts-heading" className="space-y-4">
      <Card title={<span id="alerts-heading">Alerts</span>}>
        <p className="mb-4 text-sm text-slate-400">
          The panel watches the room for you during a show and tells you who walks in: on every open page, in a
          browser notification, and on your phone.
        </p>
        <QueryState query={settings}>{(loaded) => <Deliveries settings={loaded} />}</QueryState>
      </Card>

      <Card
        title="Rules"
        actions={
          adding ? null : (
            <button type="button" data-testid="alert-rule-add" className="btn-secondary btn-sm" onClick={() => setAdding(true)}>
              New rule
            </button>
          )
        }
      >
        {adding ? <NewRuleForm watchlists={lists} onDone={() => setAdding(false)} /> : null}
        <QueryState query={rules}>
          {(loaded) => (
            <ul data-testid="alert-rules" className="divide-y divide-slate-800">
              {loaded.map((rule) => (
                <RuleRow key={`${rule.id}-${rule.updatedAt}`} rule={rule} watchlists={lists} now={now} />
              ))}
            </ul>
          )}
        </QueryState>
      </Card>

      <Card title="Alerts sent">
        <AlertLog />
      </Card>
    </section>
  );
}
