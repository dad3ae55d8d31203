import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import type { Interaction } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { InteractionsTab, untilJustAfter } from "./InteractionsTab";

const tip: Interaction = {
  id: 4411,
  personId: 12,
  sessionId: 31,
  type: "TIP",
  content: null,
  occurredAt: "2026-03-06T21:00:00.123456Z",
  source: "cb_events",
  metadata: { tokens: 500 },
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("InteractionsTab with a highlighted interaction", () => {
  it("test_until_is_just_past_the_interaction_when_time_has_microseconds", () => {
    expect(untilJustAfter("2026-03-06T21:00:00.123456Z")).toBe("2026-03-06T21:00:00.124Z");
    expect(untilJustAfter("not a time")).toBeUndefined();
  });

  it("test_pins_and_marks_the_interaction_and_lists_up_to_it_when_highlight_is_given", async () => {
    api.on("GET", "/api/interaction/4411", { body: { ...tip, username: "big_tipper_77" } });
    api.on("GET", "/api/person/12/interactions", { body: { items: [tip], total: 1, limit: 25, offset: 0 } });
    renderWithProviders(<InteractionsTab personId={12} highlightId={4411} />);

    await waitFor(() => expect(screen.getByTestId("interaction-highlight")).toHaveTextContent("500 tokens"));
    await waitFor(() => expect(screen.getByTestId("interaction-row")).toHaveAttribute("data-highlighted", "true"));
    expect(api.last("GET", "/api/person/12/interactions")?.search.get("until")).toBe("2026-03-06T21:00:00.124Z");
  });
});
