import { useMutation } from "@tanstack/react-query";

import { lookup } from "../endpoints";

/** Looks up a username or every name in pasted text; the answer is the mutation's data. */
export function useLookup() {
  return useMutation({ mutationFn: lookup });
}
