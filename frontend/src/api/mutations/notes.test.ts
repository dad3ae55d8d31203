import { type QueryClient, useQuery } from "@tanstack/react-query";
import { act, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeApi } from "../../test/fakeApi";
import { renderHookWithClient } from "../../test/render";
import { getPerson } from "../endpoints";
import { keys } from "../keys";
import type { Note, PersonDetail } from "../types";
import { useAddNote, useDeleteNote, useUpdateNote } from "./notes";

function note(id: number, content: string): Note {
  return { id, personId: 12, content, createdAt: "2026-03-06T21:00:00Z", updatedAt: "2026-03-06T21:00:00Z" };
}

let api: FakeApi;
let notes: Note[];

beforeEach(() => {
  notes = [note(1, "Tips big on Fridays.")];
  api = new FakeApi().install();
  api.on("GET", "/api/person/12", () => ({ body: { notes } satisfies Partial<PersonDetail> }));
});

/** The person's detail as the page shows it, and the three note mutations. A mutation that has
 * settled must have the new detail in the cache (the page renders from it a moment later). */
function renderNotes() {
  return renderHookWithClient(() => ({
    detail: useQuery({ queryKey: keys.person(12), queryFn: () => getPerson(12) }),
    add: useAddNote(12),
    update: useUpdateNote(12),
    remove: useDeleteNote(12),
  }));
}

function cachedNotes(queryClient: QueryClient): Note[] {
  return queryClient.getQueryData<PersonDetail>(keys.person(12))?.notes ?? [];
}

describe("note mutations", () => {
  it("test_shows_the_new_note_by_the_time_adding_settles", async () => {
    api.on("POST", "/api/person/12/note", (request) => {
      notes = [...notes, note(2, (request.body as { content: string }).content)];
      return { status: 201, body: notes[1] };
    });
    const { result, queryClient } = renderNotes();
    await waitFor(() => expect(result.current.detail.data?.notes).toHaveLength(1));

    await act(() => result.current.add.mutateAsync("Asked for a song."));

    expect(cachedNotes(queryClient).map((item) => item.content)).toEqual(["Tips big on Fridays.", "Asked for a song."]);
  });

  it("test_shows_the_edit_by_the_time_saving_settles", async () => {
    api.on("PATCH", "/api/note/1", (request) => {
      notes = [note(1, (request.body as { content: string }).content)];
      return { body: notes[0] };
    });
    const { result, queryClient } = renderNotes();
    await waitFor(() => expect(result.current.detail.data).toBeDefined());

    await act(() => result.current.update.mutateAsync({ noteId: 1, content: "Tips big on Saturdays." }));

    expect(cachedNotes(queryClient)[0]?.content).toBe("Tips big on Saturdays.");
  });

  it("test_drops_the_note_by_the_time_deleting_settles", async () => {
    api.on("DELETE", "/api/note/1", () => {
      notes = [];
      return { status: 204 };
    });
    const { result, queryClient } = renderNotes();
    await waitFor(() => expect(result.current.detail.data?.notes).toHaveLength(1));

    await act(() => result.current.remove.mutateAsync(1));

    expect(cachedNotes(queryClient)).toEqual([]);
  });
});
