import { describe, expect, it } from "vitest";

import { clearedIfSent } from "./forms";

describe("clearedIfSent", () => {
  it("test_empties_the_field_when_it_still_holds_what_was_sent", () => {
    expect(clearedIfSent("big_tipper_77")("big_tipper_77")).toBe("");
    expect(clearedIfSent("big_tipper_77")(" big_tipper_77 ")).toBe("");
  });

  it("test_keeps_what_was_typed_after_the_send", () => {
    expect(clearedIfSent("big_tipper_77")("night_owl_3")).toBe("night_owl_3");
    expect(clearedIfSent("Tips on Fridays")("Tips on Fridays and")).toBe("Tips on Fridays and");
  });
});
