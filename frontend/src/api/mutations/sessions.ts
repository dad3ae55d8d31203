import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { endSession, setSessionTheme, startSession } from "../endpoints";
import { keys } from "../keys";
import type { CurrentSession } from "../types";

/** The owner's page and the session list change whenever a session starts or ends. */
function refreshSessions(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: keys.hudson });
  void queryClient.invalidateQueries({ queryKey: keys.allSessions });
}

/** Starts the owner's broadcast session; the header shows it LIVE as soon as the server answers. */
export function useStartSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startSession,
    onSuccess: (started) => {
      queryClient.setQueryData<CurrentSession>(keys.currentSession, { session: started });
    },
    onSettled: () => refreshSessions(queryClient),
  });
}

/** Ends the given session (the live one when none is given). */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId?: number) => endSession(sessionId),
    onSuccess: () => {
      queryClient.setQueryData<CurrentSession>(keys.currentSession, { session: null });
    },
    onSettled: () => {
      refreshSessions(queryClient);
      void queryClient.invalidateQueries({ queryKey: keys.currentSession });
    },
  });
}

/** Gives a show the theme its report's label line names; the report is read again. */
export function useSetSessionTheme(sessionId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (theme: string) => setSessionTheme(sessionId, theme),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.sessionReport(sessionId) }),
  });
}
