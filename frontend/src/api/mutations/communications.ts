import { useMutation, useQueryClient } from "@tanstack/react-query";

import { addPersonMessage } from "../endpoints";
import { keys } from "../keys";
import type { NewPersonMessage } from "../types";

/** Records a PM or DM by hand; the person's threads reload before it settles. */
export function useAddPersonMessage(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPersonMessage) => addPersonMessage(personId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.person(personId) }),
  });
}
