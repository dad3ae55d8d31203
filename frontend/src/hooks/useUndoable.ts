import { useEffect, useRef, useState } from "react";

/** How long an undoable action waits before it is carried out. */
export const UNDO_MS = 6000;

/**
 * An action that waits `delayMs` before `commit` carries it out, so one click mid-show can be
 * taken back. Scheduling another carries out the one waiting; leaving the page carries it out
 * at once (nothing is silently dropped).
 */
export function useUndoable<T>(commit: (item: T) => void, delayMs = UNDO_MS) {
  const [pending, setPending] = useState<T | null>(null);
  const waiting = useRef<{ item: T; timer: number } | null>(null);
  const latestCommit = useRef(commit);

  useEffect(() => {
    latestCommit.current = commit;
  });

  const flush = () => {
    const current = waiting.current;
    if (!current) return;
    window.clearTimeout(current.timer);
    waiting.current = null;
    setPending(null);
    latestCommit.current(current.item);
  };

  const schedule = (item: T) => {
    flush();
    waiting.current = { item, timer: window.setTimeout(flush, delayMs) };
    setPending(item);
  };

  const undo = () => {
    if (waiting.current) window.clearTimeout(waiting.current.timer);
    waiting.current = null;
    setPending(null);
  };

  useEffect(
    () => () => {
      const current = waiting.current;
      if (!current) return;
      window.clearTimeout(current.timer);
      waiting.current = null;
      latestCommit.current(current.item);
    },
    [],
  );

  return { pending, schedule, undo };
}
