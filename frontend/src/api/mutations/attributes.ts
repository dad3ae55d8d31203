import { useMutation, useQueryClient } from "@tanstack/react-query";

import { putAttributes } from "../endpoints";
import { keys } from "../keys";
import type { AttributeInput, PersonDetail } from "../types";

/** Replaces a person's whole tag set; the answer goes into their detail at once. */
export function useSetAttributes(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attributes: AttributeInput[]) => putAttributes(personId, attributes),
    onSuccess: (stored) => {
      queryClient.setQueryData<PersonDetail>(keys.person(personId), (old) => (old ? { ...old, attributes: stored } : old));
      void queryClient.invalidateQueries({ queryKey: keys.person(personId) });
    },
  });
}
