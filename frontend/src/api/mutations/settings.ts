import { useMutation, useQueryClient } from "@tanstack/react-query";

import { updateSettings } from "../endpoints";
import { keys } from "../keys";
import type { OwnerSettings, OwnerSettingsRequest } from "../types";

/**
 * Saves the owner's time zone and clock. The panel shows every time on the new clock at once;
 * what the server words in the owner's zone (analyses, reports) is fetched again.
 */
export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: OwnerSettingsRequest) => updateSettings(settings),
    onSuccess: (saved) => {
      queryClient.setQueryData<OwnerSettings>(keys.settings, saved);
      void queryClient.invalidateQueries({
        predicate: (query) => query.queryKey.includes("analysis") || query.queryKey.includes("report"),
      });
    },
  });
}
