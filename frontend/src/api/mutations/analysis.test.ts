import { act } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { invalidatedAmong, seed } from "../../test/cache";
import { FakeApi } from "../../test/fakeApi";
import { renderHookWithClient } from "../../test/render";
import { keys } from "../keys";
import type { Attribute, PersonAnalysis, PersonDetail, SuggestedAttribute } from "../types";
import { useCaptureStatbateProfile, useDecideSuggestion } from "./analysis";

const PAGE = { limit: 25, offset: 0 };

function suggestion(key: string, value: string): SuggestedAttribute {
  return {
    key,
    value,
    confidence: "medium",
    reason: "Tips in most sessions they attend.",
    insightKey: "spending.frequency",
    evidence: { items: [], total: 0 },
    currentValue: null,
  };
}

const tipper: Attribute = {
  key: "tipper",
  value: "whale",
  confidence: "high",
  evidenceType: "manual",
  evidenceId: null,
  updatedAt: "2026-01-01T00:00:00Z",
};
const accepted: Attribute = { ...tipper, value: "regular", confidence: "medium", evidenceType: "interaction", evidenceId: 4411 };

// What the person page may hold: the detail, other parts of the person, and both analyses.
const others = [keys.personSnapshots(12, ""), keys.personInteractions(12, PAGE), keys.personAnalysis(12, true), keys.person(13)];

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

function seedPerson(queryClient: Parameters<typeof seed>[0]) {
  seed(queryClient, ...others);
  queryClient.setQueryData(keys.person(12), { attributes: [tipper] } satisfies Partial<PersonDetail>);
  queryClient.setQueryData(keys.personAnalysis(12, false), {
    suggestions: [suggestion("tipper", "regular"), suggestion("timezone", "CET")],
  } satisfies Partial<PersonAnalysis>);
}

describe("deciding a suggestion", () => {
  it("test_moves_the_tag_from_the_suggestions_into_the_attributes_when_accepted", async () => {
    api.on("POST", "/api/person/12/analysis/accept", { body: accepted });
    const { result, queryClient } = renderHookWithClient(() => useDecideSuggestion(12, false));
    seedPerson(queryClient);

    await act(() => result.current.mutateAsync({ key: "tipper", value: "regular", outcome: "accepted" }));

    expect(api.last("POST", "/api/person/12/analysis/accept")?.body).toEqual({ key: "tipper", value: "regular" });
    const analysis = queryClient.getQueryData<PersonAnalysis>(keys.personAnalysis(12, false));
    expect(analysis?.suggestions.map((item) => item.key)).toEqual(["timezone"]);
    expect(queryClient.getQueryData<PersonDetail>(keys.person(12))?.attributes).toEqual([accepted]);
  });

  it("test_reloads_the_detail_and_both_analyses_but_not_the_rest_of_the_person_when_dismissed", async () => {
    api.on("POST", "/api/person/12/analysis/dismiss", { status: 204 });
    const { result, queryClient } = renderHookWithClient(() => useDecideSuggestion(12, false));
    seedPerson(queryClient);

    await act(() => result.current.mutateAsync({ key: "timezone", value: "CET", outcome: "dismissed" }));

    expect(queryClient.getQueryData<PersonAnalysis>(keys.personAnalysis(12, false))?.suggestions.map((item) => item.key)).toEqual([
      "tipper",
    ]);
    expect(queryClient.getQueryData<PersonDetail>(keys.person(12))?.attributes).toEqual([tipper]);
    expect(invalidatedAmong(queryClient, keys.person(12), keys.personAnalysis(12, false), ...others)).toEqual([
      keys.person(12),
      keys.personAnalysis(12, false),
      keys.personAnalysis(12, true),
    ]);
  });

  it("test_reloads_the_analyses_and_keeps_the_suggestion_when_the_server_refuses", async () => {
    api.on("POST", "/api/person/12/analysis/accept", {
      status: 409,
      body: { title: "Conflict", status: 409, detail: "The analysis no longer suggests tipper=regular." },
    });
    const { result, queryClient } = renderHookWithClient(() => useDecideSuggestion(12, false));
    seedPerson(queryClient);

    await act(() => result.current.mutateAsync({ key: "tipper", value: "regular", outcome: "accepted" }).catch(() => undefined));

    expect(queryClient.getQueryData<PersonAnalysis>(keys.personAnalysis(12, false))?.suggestions).toHaveLength(2);
    expect(invalidatedAmong(queryClient, keys.person(12), keys.personAnalysis(12, false), keys.personAnalysis(12, true))).toHaveLength(3);
  });
});

describe("fetching the Statbate profile", () => {
  it("test_reloads_both_analyses_whether_or_not_the_capture_succeeds", async () => {
    api.on("POST", "/api/person/12/statbate-profile", { status: 502, body: { title: "Bad Gateway", status: 502 } });
    const { result, queryClient } = renderHookWithClient(() => useCaptureStatbateProfile(12));
    seed(queryClient, keys.person(12), keys.personAnalysis(12, false), keys.personAnalysis(12, true));

    await act(() => result.current.mutateAsync().catch(() => undefined));

    expect(invalidatedAmong(queryClient, keys.person(12), keys.personAnalysis(12, false), keys.personAnalysis(12, true))).toEqual([
      keys.personAnalysis(12, false),
      keys.personAnalysis(12, true),
    ]);
  });
});
