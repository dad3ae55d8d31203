import type { ReactNode } from "react";

import { PersonLink } from "../../components/PersonLink";
import { formatNumber } from "../../lib/format";

/** A session's biggest tippers in order, with what each gave; `more` adds columns to a row. */
export function TopTippers<T extends { personId: number; username: string; tokens: number }>({
  tippers,
  scroll = false,
  more,
}: {
  tippers: T[];
  /** Cap the list's height and scroll it, for long lists beside other columns. */
  scroll?: boolean;
  more?: (tipper: T) => ReactNode;
}) {
  return (
    <>
      <p className="card-title mb-2">Top tippers</p>
      {tippers.length === 0 ? (
        <p className="text-sm text-slate-500">No tips.</p>
      ) : (
        <ol className={scroll ? "max-h-56 space-y-1 overflow-y-auto pr-1 text-sm" : "space-y-1 text-sm"}>
          {tippers.map((tipper, index) => (
            <li key={tipper.personId} className="flex items-center gap-2">
              <span className="w-4 text-right text-xs text-slate-500">{index + 1}</span>
              <PersonLink id={tipper.personId} username={tipper.username} />
              <span className="ml-auto text-emerald-300 tabular-nums">{formatNumber(tipper.tokens)} tk</span>
              {more?.(tipper)}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
