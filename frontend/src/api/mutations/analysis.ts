import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { withKey } from "../../lib/attributes";
import { acceptSuggestion, captureStatbateProfile, dismissSuggestion } from "../endpoints";
import { keys } from "../keys";
import type { PersonAnalysis, PersonDetail, SuggestionDecision } from "../types";

export type SuggestionOutcome = "accepted" | "dismissed";

export function sameSuggestion(a: SuggestionDecision, b: SuggestionDecision): boolean {
  return a.key === b.key && a.value === b.value;
}

/** The person's detail (exactly: its tags) and both of their analyses load again. */
function refreshAfterDecision(queryClient: QueryClient, personId: number): void {
  void queryClient.invalidateQueries({ queryKey: keys.person(personId), exact: true });
  void queryClient.invalidateQueries({ queryKey: keys.personAnalyses(personId) });
}

/**
 * Accepts a suggested tag into the person's attributes, or dismisses it for good. The
 * suggestion leaves the analysis shown at once, and an accepted tag joins the person's detail.
 */
export function useDecideSuggestion(personId: number, includeExcluded: boolean) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ outcome, ...decision }: SuggestionDecision & { outcome: SuggestionOutcome }) => {
      if (outcome === "accepted") return acceptSuggestion(personId, decision, includeExcluded);
      await dismissSuggestion(personId, decision);
      return null;
    },
    onSuccess: (stored, { key, value }) => {
      const decision = { key, value };
      queryClient.setQueryData<PersonAnalysis>(keys.personAnalysis(personId, includeExcluded), (old) =>
        old ? { ...old, suggestions: old.suggestions.filter((item) => !sameSuggestion(item, decision)) } : old,
      );
      if (stored) {
        queryClient.setQueryData<PersonDetail>(keys.person(personId), (old) =>
          old ? { ...old, attributes: withKey(old.attributes, stored) } : old,
        );
      }
      refreshAfterDecision(queryClient, personId);
    },
    // A suggestion the analysis no longer makes (409) goes away with fresh data.
    onError: () => refreshAfterDecision(queryClient, personId),
  });
}

/** Stores the person's Statbate tag spending, top models and activity, then re-analyses. */
export function useCaptureStatbateProfile(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => captureStatbateProfile(personId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.personAnalyses(personId) }),
  });
}
