import { useEffect, useRef } from "react";

import { ALERT_STREAM_URL } from "../../api/endpoints";
import type { Alert } from "../../api/types";

const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

function parseAlert(data: string): Alert | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const alert = value as Alert;
    return typeof alert.id === "number" && typeof alert.reason === "string" ? alert : null;
  } catch {
    return null;
  }
}

/**
 * Every alert as it is recorded (GET /api/alerts/stream), handed to `onAlert`.
 *
 * EventSource reconnects by itself and resumes with Last-Event-ID; when the server refuses it
 * for good (a restart, a logged-out session) a new one opens later, backing off.
 */
export function useAlertStream(onAlert: (alert: Alert) => void): void {
  const handler = useRef(onAlert);
  useEffect(() => {
    handler.current = onAlert;
  }, [onAlert]);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let timer: number | undefined;
    let delay = RETRY_FIRST_MS;
    let closed = false;
    const seen = new Set<number>();

    const open = () => {
      const stream = new EventSource(ALERT_STREAM_URL);
      source = stream;
      stream.onopen = () => {
        delay = RETRY_FIRST_MS;
      };
      stream.addEventListener("alert", (message: MessageEvent<string>) => {
        const alert = parseAlert(message.data);
        if (!alert || seen.has(alert.id)) return;
        seen.add(alert.id);
        handler.current(alert);
      });
      stream.onerror = () => {
        if (stream.readyState !== EventSource.CLOSED || closed) return;
        stream.close();
        timer = window.setTimeout(open, delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      };
    };

    open();
    return () => {
      closed = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, []);
}
