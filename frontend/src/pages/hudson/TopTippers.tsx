import type { ReactNode } from "react";

import { PersonLink } from "../../components/PersonLink";
import { formatCount } from "../../lib/format";

/** A session's biggest tippers in order, with what each gave; `more` adds columns to a row. */
export function TopTippers<T extends { personId: number; username: string; tokens: number }>({
  tippers,
  scroll = false,
  complete = true,
  more,
}: {
  tippers: T[];
  /** False when the panel did not hear the whole session: the amounts are lower bounds. */
  complete?: boolean;
  /** Cap the list's height and scroll it, for long lists beside other columns. */
  scroll?: boolean;
  more?: (tipper: T) => ReactNode;
}) {
  return (
    <>
      <p className="card-title mb-2">Top tippers</p>
      {tippers.length === 0 ? (
        <p className="text-sm text-slate-500">{complete ? "No tips." : "No tips recorded (the panel missed part of it)."}</p>
      ) : (
        <ol className={scroll ? "max-h-56 space-y-1 overflow-y-auto pr-1 text-sm" : "space-y-1 text-sm"}>
          {tippers.map((tipper, index) => (
            <li key={tipper.personId} className="flex items-center gap-2">
              <span className="w-4 text-right text-xs text-slate-500">{index + 1}</span>
              <PersonLink id={tipper.personId} username={tipper.username} />
              <span className="ml-auto text-emerald-300 tabular-nums">{formatCount(tipper.tokens, complete)} tk</span>
              {more?.(tipper)}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
