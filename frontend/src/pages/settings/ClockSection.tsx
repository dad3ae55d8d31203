import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { useUpdateSettings } from "../../api/mutations/settings";
import { settingsQuery } from "../../api/queries";
import type { OwnerSettings } from "../../api/types";
import { Card } from "../../components/Card";
import { ErrorAlert, QueryState, Spinner } from "../../components/Feedback";
import { formatDateTime, type ClockStyle } from "../../lib/format";

/** Every IANA zone this browser knows, for the picker (the server checks the choice again). */
function knownZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

const CLOCKS: { value: ClockStyle; label: string }[] = [
  { value: "24h", label: "24-hour (21:04)" },
  { value: "12h", label: "12-hour (9:04 PM)" },
];

function ClockForm({ settings, save }: { settings: OwnerSettings; save: ReturnType<typeof useUpdateSettings> }) {
  const [timezone, setTimezone] = useState(settings.timezone);
  const [clock, setClock] = useState<ClockStyle>(settings.clock);
  const [zones] = useState(knownZones);
  const changed = timezone.trim() !== settings.timezone || clock !== settings.clock;
  const preview = formatDateTime(new Date().toISOString(), {
    zone: true,
    clock: { timezone: zones.includes(timezone.trim()) ? timezone.trim() : settings.timezone, clock },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ timezone: timezone.trim(), clock });
  }

  return (
    <form data-testid="clock-form" className="space-y-4" onSubmit={submit}>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="clock-timezone" className="label">
            Time zone
          </label>
          <input
            id="clock-timezone"
            data-testid="clock-timezone"
            className="input"
            list="clock-timezones"
            autoComplete="off"
            spellCheck={false}
            value={timezone}
            onChange={(event) => setTimezone(event.target.value)}
          />
          <datalist id="clock-timezones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <p className="mt-1 text-xs text-slate-500">
            An IANA name such as America/New_York. Until you save one, the panel uses {settings.defaultTimezone} (from
            MHC_TIMEZONE).
          </p>
        </div>
        <fieldset>
          <legend className="label">Clock</legend>
          <div className="flex flex-wrap gap-2">
            {CLOCKS.map((option) => (
              <label
                key={option.value}
                className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm ${
                  clock === option.value ? "border-indigo-500 bg-indigo-500/10 text-white" : "border-slate-700 text-slate-300"
                }`}
              >
                <input
                  type="radio"
                  name="clock"
                  value={option.value}
                  data-testid={`clock-${option.value}`}
                  checked={clock === option.value}
                  onChange={() => setClock(option.value)}
                  className="accent-indigo-500"
                />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <p className="text-sm text-slate-400">
        Now: <span data-testid="clock-preview" className="font-medium text-slate-200 tabular-nums">{preview}</span>
      </p>
      {save.error ? <ErrorAlert error={save.error} testId="clock-error" /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" data-testid="clock-save" className="btn-primary" disabled={!changed || save.isPending}>
          {save.isPending ? <Spinner className="h-3 w-3" /> : null}
          Save
        </button>
        {save.isSuccess && !changed ? (
          <span data-testid="clock-saved" className="text-xs text-emerald-300">
            Saved: times are now shown in {settings.timezone}, {settings.clock === "12h" ? "12-hour" : "24-hour"} clock.
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** The owner's time zone and 12/24-hour clock, which every time the panel shows follows. */
export function ClockSection() {
  const settings = useQuery(settingsQuery());
  const save = useUpdateSettings();
  return (
    <Card title="Time zone and clock" testId="clock-section">
      <p className="mb-4 text-sm text-slate-400">
        Tables, cards, analyses, heatmaps and stream reports show times in this zone, on this clock.
      </p>
      <QueryState query={settings} loadingLabel="Loading your clock…">
        {(loaded) => <ClockForm key={`${loaded.timezone}|${loaded.clock}`} settings={loaded} save={save} />}
      </QueryState>
    </Card>
  );
}
