import { useQuery } from "@tanstack/react-query";

import { getPersonFlags } from "../../api/endpoints";
import { keys } from "../../api/keys";
import type { LookupStatus } from "../../api/types";
import { Card } from "../../components/Card";
import { TimeText } from "../../components/TimeText";
import { CHIP_TONES, flagChips } from "../../lib/viewerFlags";

const LOOKUP_WORDS: Record<LookupStatus["state"], string> = {
  queued: "queued for a look-up",
  found: "looked up",
  not_found: "not on Statbate",
  failed: "look-up failed",
};

/** What Chaturbate last said about this person in the room, and their automatic look-up. */
export function ChaturbateFlags({ personId }: { personId: number }) {
  const query = useQuery({ queryKey: keys.personFlags(personId), queryFn: () => getPersonFlags(personId) });
  const flags = query.data?.flags ?? null;
  const lookup = query.data?.lookup ?? null;
  const chips = flagChips(flags);
  return (
    <Card title="Chaturbate says" testId="person-chaturbate-flags">
      {query.isPending ? (
        <p className="text-sm text-slate-400">Loading…</p>
      ) : query.isError ? (
        <p className="text-sm text-rose-300">Could not load what Chaturbate said.</p>
      ) : flags === null ? (
        <p className="text-sm text-slate-400">Nothing yet: the flags come with their first event in the room.</p>
      ) : (
        <div className="space-y-2">
          {chips.length ? (
            <div className="flex flex-wrap gap-1.5">
              {chips.map((chip) => (
                <span
                  key={chip.key}
                  title={chip.raw}
                  className={`rounded-full border px-2.5 py-0.5 text-sm ${CHIP_TONES[chip.tone]}`}
                >
                  {chip.label}
                </span>
              ))}
            </div>
          ) : (
            <p className="text-sm text-slate-400">No fan club, no mod, no recent tips.</p>
          )}
          <p className="text-xs text-slate-400">
            As of their latest event, <TimeText iso={flags.seenAt} />.
          </p>
        </div>
      )}
      {lookup ? (
        <p data-testid="person-lookup-state" className="mt-2 text-xs text-slate-400">
          Automatic Statbate look-up: {LOOKUP_WORDS[lookup.state]}
          {lookup.at ? (
            <>
              {" "}
              <TimeText iso={lookup.at} />
            </>
          ) : null}
          {lookup.error ? <span title={lookup.error}> (last try failed)</span> : null}
        </p>
      ) : null}
    </Card>
  );
}
