import type { Connection, ConnectionName, ConnectionState } from "../api/types";

/** States in which a connection's value is in use and nothing says it is refused. */
const USABLE: ReadonlySet<ConnectionState> = new Set(["set", "working", "failing"]);

export function isUsable(connection: Connection | undefined): boolean {
  return connection !== undefined && USABLE.has(connection.state);
}

export function findConnection(
  connections: readonly Connection[] | undefined,
  name: ConnectionName,
): Connection | undefined {
  return connections?.find((connection) => connection.name === name);
}

export const STATE_LABELS: Record<ConnectionState, string> = {
  not_set: "Not set",
  set: "Set, not tested yet",
  working: "Working",
  refused: "Refused",
  failing: "Failing",
  unreadable: "Unreadable",
};

export const STATE_TONES: Record<ConnectionState, "slate" | "sky" | "emerald" | "rose" | "amber"> = {
  not_set: "slate",
  set: "sky",
  working: "emerald",
  refused: "rose",
  failing: "amber",
  unreadable: "rose",
};

export interface HeaderConnection {
  /** Whether the header shows a warning at all. */
  show: boolean;
  state: "not_connected" | "refused" | "connected";
  label: string;
  /** One word for a phone's header. */
  short: string;
  text: string;
}

/** What the header says about the room's connection: only the Events API records the room. */
export function headerConnection(connections: readonly Connection[] | undefined): HeaderConnection {
  const events = findConnection(connections, "cb_events");
  if (!events) return { show: false, state: "connected", label: "", short: "", text: "" };
  if (events.state === "refused" || events.state === "unreadable") {
    return {
      show: true,
      state: "refused",
      label: "Token refused",
      short: "Refused",
      text: "The Events API token is refused: the room is not being recorded. Set a new one.",
    };
  }
  if (events.state === "not_set") {
    return {
      show: true,
      state: "not_connected",
      label: "Not connected",
      short: "Connect",
      text: "No Events API token: the room is not being recorded. Connect it on the Connections page.",
    };
  }
  return { show: false, state: "connected", label: "Connected", short: "", text: "The room is connected." };
}

/** Where the value in use comes from, in words. */
export function sourceText(connection: Connection): string {
  if (connection.source === "environment") {
    const variables = connection.parts.map((part) => part.env).join(" and ");
    return connection.stored
      ? `From the environment (${variables}); the value set here is kept but not used while it is set.`
      : `From the environment (${variables}).`;
  }
  if (connection.source === "panel") return "Set here.";
  return "Not set.";
}
