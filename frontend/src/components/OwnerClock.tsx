import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";

import { settingsQuery } from "../api/queries";
import { getOwnerClock, setOwnerClock, type OwnerClock } from "../lib/format";
import { Spinner } from "./Feedback";

const OwnerClockContext = createContext<OwnerClock | null>(null);

/**
 * Loads the owner's clock (GET /api/settings) once and makes every time in the app follow it:
 * lib/format reads it, and components that show times re-render when it changes. Until it has
 * loaded the app waits (a moment), so no time is ever shown on another clock; if it cannot be
 * loaded, times are shown in UTC on a 24-hour clock, labelled as such.
 */
export function OwnerClockProvider({ children }: { children: ReactNode }) {
  const settings = useQuery(settingsQuery());
  if (settings.isPending) {
    return (
      <div className="flex min-h-screen items-center justify-center gap-3 text-sm text-slate-400">
        <Spinner className="h-5 w-5" /> Loading your settings…
      </div>
    );
  }
  if (settings.data) setOwnerClock({ timezone: settings.data.timezone, clock: settings.data.clock });
  const clock = getOwnerClock();
  return <OwnerClockContext.Provider value={clock}>{children}</OwnerClockContext.Provider>;
}

/** The owner's clock; a component that shows times calls it to follow a change at once. */
export function useOwnerClock(): OwnerClock {
  return useContext(OwnerClockContext) ?? getOwnerClock();
}
