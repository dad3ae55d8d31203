import { describe, expect, it } from "vitest";

import { positiveInt } from "./params";

describe("positiveInt", () => {
  it("test_reads_a_whole_positive_number_when_the_address_has_one", () => {
    expect(positiveInt("12")).toBe(12);
    expect(positiveInt("25")).toBe(25);
  });

  it("test_is_null_when_the_value_is_missing_zero_negative_fractional_or_not_a_number", () => {
    for (const value of [null, undefined, "", "0", "-3", "2.5", "twelve"]) {
      expect(positiveInt(value)).toBeNull();
    }
  });
});
