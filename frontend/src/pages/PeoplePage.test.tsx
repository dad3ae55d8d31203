import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation, useNavigate } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import type { PersonListItem } from "../api/types";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { PeoplePage } from "./PeoplePage";

function person(id: number): PersonListItem {
  return {
    id,
    username: `viewer_${id}`,
    platform: "chaturbate",
    role: "VIEWER",
    rid: null,
    did: null,
    firstSeenAt: "2026-01-01T10:00:00Z",
    lastSeenAt: "2026-02-01T10:00:00Z",
    isExcluded: false,
    aliases: [],
    tipsTotal: 0,
    lastInteractionAt: null,
    tags: id === 1 ? [{ key: "tipper", value: "whale" }] : [],
    watchlists: id === 1 ? [{ id: 1, name: "Friends" }] : [],
    latestNote: id === 1 ? "Asks for the fox costume" : null,
  };
}

/** Where the page is, and a Back button, as the browser would offer them. */
function Browser() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <span data-testid="where">{location.search}</span>
      <button type="button" data-testid="back" onClick={() => void navigate(-1)}>
        Back
      </button>
    </>
  );
}

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  api.on("GET", "/api/watchlists", { body: [] });
  api.on("GET", "/api/people", (request) => {
    const offset = Number(request.search.get("offset") ?? 0);
    return {
      body: { items: [person(offset + 1)], total: 60, totalIsExact: true, limit: 25, offset },
    };
  });
});

describe("PeoplePage", () => {
  it("test_back_after_paging_returns_to_the_previous_page_not_away", async () => {
    renderWithProviders(
      <>
        <PeoplePage />
        <Browser />
      </>,
      { route: "/people" },
    );

    await userEvent.click(await screen.findByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("offset=25"));
    await userEvent.click(screen.getByTestId("back"));

    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^$/));
    expect(await screen.findByText("viewer_1")).toBeInTheDocument();
  });

  it("test_a_total_counted_only_so_far_reads_more_than_and_next_stays_open", async () => {
    api.on("GET", "/api/people", {
      body: { items: [person(1)], total: 1000, totalIsExact: false, limit: 25, offset: 0 },
    });
    renderWithProviders(<PeoplePage />, { route: "/people?minSpend=1000" });

    expect(await screen.findByTestId("pagination")).toHaveTextContent("1–25 of more than 1,000");
    expect(screen.getByTestId("pagination")).toHaveTextContent("1 / 40+");
    expect(screen.getByTestId("page-next")).toBeEnabled();
  });

  it("test_shows_tags_lists_and_the_newest_note_of_each_person", async () => {
    renderWithProviders(<PeoplePage />, { route: "/people" });

    expect(await screen.findByTestId("people-note")).toHaveTextContent("Asks for the fox costume");
    expect(screen.getAllByTestId("people-tags")[0]).toHaveTextContent("tipper=whale");
    expect(screen.getAllByTestId("people-tags")[0]).toHaveTextContent("Friends");
  });
});
