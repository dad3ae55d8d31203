import { useEffect, useReducer } from "react";

import { getRadarRoom, radarStreamUrl } from "../../api/endpoints";
import { initialRadarState, parseCardUpdate, parseRadarEvent, radarReducer, type RadarState } from "./radarState";

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The room now (GET /api/radar/room) and every event after it (server-sent events), with the
 * cards that change in between (a look-up landed: `card` messages).
 *
 * EventSource reconnects by itself and resumes with Last-Event-ID. It gives up for good only
 * when the server answers with an error (a restart, a logged-out session): then the room is
 * read again, which also sends a logged-out owner to the login page, and a new stream opens
 * after the last event shown, backing off while the server keeps refusing.
 */
export function useRadarStream(): RadarState {
  const [state, dispatch] = useReducer(radarReducer, initialRadarState);

  useEffect(() => {
    let cancelled = false;
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let retryDelay = RETRY_FIRST_MS;
    let lastEventId: number | null = null;

    const onMessage = (message: MessageEvent<string>) => {
      const event = parseRadarEvent(message.data);
      if (!event) return;
      lastEventId = lastEventId === null ? event.id : Math.max(lastEventId, event.id);
      dispatch({ type: "event", event, receivedAt: Date.now() });
    };

    const open = () => {
      const stream = new EventSource(radarStreamUrl(lastEventId));
      source = stream;
      stream.onopen = () => {
        retryDelay = RETRY_FIRST_MS;
        dispatch({ type: "connection", status: "live" });
      };
      stream.addEventListener("interaction", onMessage);
      stream.addEventListener("message", onMessage);
      stream.addEventListener("card", (message: MessageEvent<string>) => {
        const update = parseCardUpdate(message.data);
        if (update) dispatch({ type: "card", update });
      });
      stream.onerror = () => {
        dispatch({ type: "connection", status: "reconnecting" });
        if (stream.readyState !== EventSource.CLOSED) return;
        stream.close();
        retryTimer = window.setTimeout(() => void sync(), retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      };
    };

    const sync = async () => {
      try {
        const room = await getRadarRoom();
        if (cancelled) return;
        if (room.lastEventId !== null) lastEventId = Math.max(lastEventId ?? 0, room.lastEventId);
        dispatch({ type: "room", room, receivedAt: Date.now() });
      } catch {
        // The stream still brings new events; the room is read again after its next failure.
      }
      if (!cancelled) open();
    };

    void sync();
    return () => {
      cancelled = true;
      window.clearTimeout(retryTimer);
      source?.close();
    };
  }, []);

  return state;
}
