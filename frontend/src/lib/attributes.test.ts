import { describe, expect, it } from "vitest";

import type { Attribute } from "../api/types";
import { withKey, withoutTag, withTag } from "./attributes";

const stored: Attribute[] = [
  { key: "tipper", value: "whale", confidence: "high", evidenceType: "manual", evidenceId: null, updatedAt: "2026-01-01T00:00:00Z" },
  { key: "timezone", value: "CET", confidence: "medium", evidenceType: "interaction", evidenceId: 44, updatedAt: "2026-01-02T00:00:00Z" },
];

describe("attribute set for PUT", () => {
  it("test_replaces_value_when_key_already_exists", () => {
    expect(withTag(stored, { key: "tipper", value: "regular", confidence: "low", evidenceType: "manual" })).toEqual([
      { key: "timezone", value: "CET", confidence: "medium", evidenceType: "interaction", evidenceId: 44 },
      { key: "tipper", value: "regular", confidence: "low", evidenceType: "manual" },
    ]);
  });

  it("test_keeps_evidence_of_other_tags_when_one_is_removed", () => {
    expect(withoutTag(stored, "tipper")).toEqual([
      { key: "timezone", value: "CET", confidence: "medium", evidenceType: "interaction", evidenceId: 44 },
    ]);
  });
});

describe("tag set after accepting a suggestion", () => {
  it("test_puts_the_accepted_tag_in_place_of_the_one_with_its_key", () => {
    const accepted: Attribute = { ...stored[0]!, value: "regular", confidence: "medium", updatedAt: "2026-03-06T21:00:00Z" };
    expect(withKey(stored, accepted)).toEqual([stored[1], accepted]);
  });
});
