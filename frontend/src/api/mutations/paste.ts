import { useMutation, useQueryClient } from "@tanstack/react-query";

import { openPerson, previewPaste, savePaste } from "../endpoints";

/** What saving a paste would store; the answer is the mutation's data. Stores nothing. */
export function usePreviewPaste() {
  return useMutation({ mutationFn: previewPaste });
}

/** Saves a paste; everyone's pages (people, threads, analyses) reload. */
export function useSavePaste() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: savePaste,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["person"] }),
        queryClient.invalidateQueries({ queryKey: ["people"] }),
      ]);
    },
  });
}

/** Opens a name: the person, created when the name was new to the panel. */
export function useOpenPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: openPerson,
    onSuccess: (opened) => {
      if (opened.created) void queryClient.invalidateQueries({ queryKey: ["people"] });
    },
  });
}
