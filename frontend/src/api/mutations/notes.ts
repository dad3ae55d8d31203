import { useMutation, useQueryClient } from "@tanstack/react-query";

import { addNote, deleteNote, updateNote } from "../endpoints";
import { keys } from "../keys";

// A person's notes come with their detail: each change reloads it before the mutation settles,
// so the list shows the change by the time the form resets.

export function useAddNote(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (content: string) => addNote(personId, content),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.person(personId) }),
  });
}

export function useUpdateNote(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ noteId, content }: { noteId: number; content: string }) => updateNote(noteId, content),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.person(personId) }),
  });
}

export function useDeleteNote(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (noteId: number) => deleteNote(noteId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.person(personId) }),
  });
}
