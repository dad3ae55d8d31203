import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { Communications, ThreadMessage } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { CommunicationsTab } from "./CommunicationsTab";

function message(id: number, content: string, fromOwner: boolean, type: ThreadMessage["type"] = "PRIVATE_MESSAGE"): ThreadMessage {
  return {
    id,
    type,
    content,
    occurredAt: `2026-12-01T21:4${id}:00Z`,
    source: "paste",
    fromOwner,
    sessionId: 4,
    tokens: type === "TIP" ? 50 : null,
  };
}

const threads: Communications = {
  isOwner: false,
  pm: [message(1, "hey, got a minute?", false), message(2, "sure, what's up", true)],
  dm: [],
  public: [message(3, "nice shirt", false, "CHAT_MESSAGE")],
  tips: [message(4, "for you", false, "TIP")],
  totals: { pm: 2, dm: 0, public: 1, tips: 1 },
  tipMenu: { interactionId: 9, seenAt: "2026-12-01T23:30:00Z", items: [{ item: "Flex", price: 35 }] },
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("CommunicationsTab", () => {
  it("test_shows_the_pm_thread_as_bubbles_theirs_left_and_the_owners_right", async () => {
    api.on("GET", "/api/person/12/communications", { body: threads });
    renderWithProviders(<CommunicationsTab personId={12} username="velvet_fox_93" />);

    const thread = await screen.findByTestId("thread");
    const bubbles = within(thread).getAllByTestId("thread-message");
    expect(bubbles.map((bubble) => [bubble.dataset["fromOwner"], bubble.textContent?.includes("You")])).toEqual([
      ["false", false],
      ["true", true],
    ]);
    expect(bubbles[0]).toHaveClass("justify-start");
    expect(bubbles[1]).toHaveClass("justify-end");
    expect(screen.getByTestId("thread-pm")).toHaveTextContent("2");
    expect(screen.getByTestId("tip-menu")).toHaveTextContent("Flex");

    await userEvent.click(screen.getByTestId("thread-tips"));

    expect(screen.getByTestId("thread-tip")).toHaveTextContent("50 tk");
  });

  it("test_records_a_dm_from_the_owner_and_reloads_the_threads", async () => {
    api.on("GET", "/api/person/12/communications", { body: { ...threads, pm: [], totals: { pm: 0, dm: 0, public: 1, tips: 1 } } });
    api.on("POST", "/api/person/12/messages", { status: 201, body: { ...message(5, "see you saturday", true), personId: 12, metadata: {} } });
    renderWithProviders(<CommunicationsTab personId={12} username="velvet_fox_93" />);
    await screen.findByTestId("threads");

    await userEvent.click(screen.getByTestId("message-thread-dm"));
    await userEvent.click(screen.getByTestId("message-from-me"));
    await userEvent.type(screen.getByTestId("message-text"), "see you saturday");
    await userEvent.click(screen.getByTestId("message-add"));

    expect(api.last("POST", "/api/person/12/messages")?.body).toEqual({
      thread: "dm",
      fromOwner: true,
      text: "see you saturday",
    });
    expect(await screen.findByTestId("message-text")).toHaveValue("");
  });
});
