import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setCsrfToken } from "../api/client";
import type { Connection } from "../api/types";
import { headerConnection } from "../lib/connections";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { ConnectionsPage } from "./ConnectionsPage";

const TOKEN = "evt-Q7d9xWm2Lp4Zr8Kt6Vb3";

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    name: "cb_events",
    label: "Chaturbate Events API",
    purpose: "Records everything that happens in the room as it happens.",
    where: "On Chaturbate, logged in as the broadcaster: Settings > Token Auth.",
    whereUrl: "https://chaturbate.com/statsapi/authtoken/",
    parts: [{ key: "token", label: "Events API token", env: "CB_EVENTS_TOKEN", hint: null }],
    state: "not_set",
    source: null,
    stored: false,
    storedAt: null,
    message: null,
    checkedAt: null,
    lastSuccessAt: null,
    environmentMissing: [],
    ...overrides,
  };
}

const saved = connection({
  state: "set",
  source: "panel",
  stored: true,
  storedAt: "2026-02-06T21:00:00Z",
  parts: [{ key: "token", label: "Events API token", env: "CB_EVENTS_TOKEN", hint: "Vb3" }],
});
const working = {
  ...saved,
  state: "working" as const,
  message: "Working: the token belongs to the room hudson_cage (3 recent events).",
  checkedAt: "2026-02-06T21:00:01Z",
  lastSuccessAt: "2026-02-06T21:00:01Z",
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  setCsrfToken("csrf-connections-test");
});

afterEach(() => setCsrfToken(null));

describe("ConnectionsPage", () => {
  it("test_saves_the_typed_token_then_tests_it_and_shows_what_the_test_found", async () => {
    let current = connection();
    api
      .on("GET", "/api/connections", () => ({ body: { items: [current] } }))
      .on("PUT", "/api/connections/cb_events", () => {
        current = saved;
        return { body: saved };
      })
      .on("POST", "/api/connections/cb_events/test", () => {
        current = working;
        return { body: { outcome: "working", message: working.message, connection: working } };
      });
    renderWithProviders(<ConnectionsPage />);

    const card = await screen.findByTestId("connection-cb_events");
    await userEvent.type(within(card).getByTestId("connection-input-token"), ` ${TOKEN} `);
    await userEvent.click(within(card).getByTestId("connection-save"));

    expect(await within(card).findByTestId("connection-message")).toHaveTextContent(
      "the token belongs to the room hudson_cage",
    );
    expect(api.last("PUT", "/api/connections/cb_events")?.body).toEqual({ value: TOKEN });
    expect(api.last("POST", "/api/connections/cb_events/test")).toBeDefined();
    expect(within(card).getByTestId("connection-input-token")).toHaveValue("");
    expect(card).not.toHaveTextContent(TOKEN);
  });

  it("test_sends_both_cookies_when_setting_the_statbate_plus_session", async () => {
    const plus = connection({
      name: "statbate_plus",
      label: "Statbate Plus session",
      parts: [
        { key: "sessionCookie", label: "statbate_plus_session cookie", env: "STATBATE_PLUS_SESSION_COOKIE", hint: null },
        { key: "xsrfToken", label: "XSRF-TOKEN cookie", env: "STATBATE_PLUS_XSRF_TOKEN", hint: null },
      ],
    });
    const stored: Connection = { ...plus, state: "set", source: "environment", stored: true };
    let current = plus;
    api
      .on("GET", "/api/connections", () => ({ body: { items: [current] } }))
      .on("PUT", "/api/connections/statbate_plus", () => {
        current = stored;
        return { body: stored };
      });
    renderWithProviders(<ConnectionsPage />);

    const card = await screen.findByTestId("connection-statbate_plus");
    const save = within(card).getByTestId("connection-save");
    await userEvent.type(within(card).getByTestId("connection-input-sessionCookie"), "cookie-value-123");
    expect(save).toBeDisabled();
    await userEvent.type(within(card).getByTestId("connection-input-xsrfToken"), "xsrf-value-456");
    await userEvent.click(save);

    await screen.findByText(/From the environment/);
    expect(api.last("PUT", "/api/connections/statbate_plus")?.body).toEqual({
      value: "cookie-value-123",
      xsrfToken: "xsrf-value-456",
    });
    // The environment's value is in use: nothing to test of the one just stored.
    expect(api.last("POST", "/api/connections/statbate_plus/test")).toBeUndefined();
  });

  it("test_shows_a_refusal_with_its_message_when_the_token_was_refused", async () => {
    const refused = {
      ...saved,
      state: "refused" as const,
      message: "the Events API refused the token (HTTP 401)",
      checkedAt: "2026-02-06T21:00:01Z",
    };
    api.on("GET", "/api/connections", { body: { items: [refused] } });
    renderWithProviders(<ConnectionsPage />);

    const card = await screen.findByTestId("connection-cb_events");
    expect(within(card).getByTestId("connection-state")).toHaveTextContent("Refused");
    expect(within(card).getByTestId("connection-message")).toHaveTextContent("refused the token");
    expect(within(card).getByTestId("connection-source")).toHaveTextContent("…Vb3");
  });
});

describe("headerConnection", () => {
  it("test_says_not_connected_only_while_the_events_api_has_no_usable_token", () => {
    expect(headerConnection([connection()]).label).toBe("Not connected");
    expect(headerConnection([{ ...saved, state: "refused" }]).label).toBe("Token refused");
    expect(headerConnection([working]).show).toBe(false);
    expect(headerConnection(undefined).show).toBe(false);
  });
});
