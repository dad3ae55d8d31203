import { useState, type FormEvent } from "react";

import { useAddNote, useDeleteNote, useUpdateNote } from "../../api/mutations/notes";
import type { Note } from "../../api/types";
import { Card } from "../../components/Card";
import { EmptyState, ErrorAlert, Spinner } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { clearedIfSent } from "../../lib/forms";

function NoteItem({ note, personId }: { note: Note; personId: number }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.content);
  const save = useUpdateNote(personId);
  const remove = useDeleteNote(personId);
  const edited = note.updatedAt !== note.createdAt;

  return (
    <li data-testid="note-item" data-note-id={note.id} className="rounded-lg border border-slate-800 bg-slate-950/40 p-3">
      {editing ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.trim()) save.mutate({ noteId: note.id, content: draft }, { onSuccess: () => setEditing(false) });
          }}
        >
          <textarea
            data-testid="note-edit-input"
            aria-label="Edit note"
            className="input min-h-24"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            autoFocus
          />
          <div className="flex gap-2">
            <button type="submit" data-testid="note-save" className="btn-primary btn-sm" disabled={!draft.trim() || save.isPending}>
              {save.isPending ? <Spinner className="h-3 w-3" /> : null}
              Save
            </button>
            <button
              type="button"
              className="btn-ghost btn-sm"
              onClick={() => {
                setDraft(note.content);
                setEditing(false);
                save.reset();
              }}
            >
              Cancel
            </button>
          </div>
          {save.error ? <ErrorAlert error={save.error} /> : null}
        </form>
      ) : (
        <>
          <p data-testid="note-content" className="text-sm whitespace-pre-wrap break-words text-slate-200">
            {note.content}
          </p>
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
            <span className="text-xs text-slate-500">
              <TimeText iso={note.createdAt} mode="absolute" />
              {edited ? (
                <>
                  {" "}
                  · edited <TimeText iso={note.updatedAt} />
                </>
              ) : null}
            </span>
            <div className="flex gap-1">
              <button type="button" data-testid="note-edit" className="btn-ghost btn-sm" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button
                type="button"
                data-testid="note-delete"
                className="btn-ghost btn-sm text-rose-300 hover:text-rose-200"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm("Delete this note?")) remove.mutate(note.id);
                }}
              >
                Delete
              </button>
            </div>
          </div>
          {remove.error ? <ErrorAlert error={remove.error} /> : null}
        </>
      )}
    </li>
  );
}

export function NotesTab({ personId, notes }: { personId: number; notes: Note[] }) {
  const [content, setContent] = useState("");
  const add = useAddNote(personId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (content.trim()) add.mutate(content, { onSuccess: () => setContent(clearedIfSent(content)) });
  };
  const ordered = [...notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="order-2 lg:order-1">
        {ordered.length === 0 ? (
          <EmptyState title="No notes yet">Notes you write about this person appear here.</EmptyState>
        ) : (
          <ul data-testid="note-list" className="space-y-3">
            {ordered.map((note) => (
              <NoteItem key={`${note.id}-${note.updatedAt}`} note={note} personId={personId} />
            ))}
          </ul>
        )}
      </div>
      <Card title="Add a note" className="order-1 self-start lg:order-2">
        <form onSubmit={submit} className="space-y-2">
          <textarea
            data-testid="note-input"
            aria-label="New note"
            className="input min-h-28"
            placeholder="What should you remember about them?"
            value={content}
            onChange={(event) => setContent(event.target.value)}
          />
          <button type="submit" data-testid="note-add" className="btn-primary w-full" disabled={!content.trim() || add.isPending}>
            {add.isPending ? <Spinner /> : null}
            Add note
          </button>
          {add.error ? <ErrorAlert error={add.error} /> : null}
        </form>
      </Card>
    </div>
  );
}
