import { afterEach, describe, expect, it } from "vitest";

import {
  DEFAULT_OWNER_CLOCK,
  type OwnerClock,
  type TimeOptions,
  deltaClassName,
  flattenMetrics,
  formatAge,
  formatClock,
  formatCompact,
  formatCount,
  formatDate,
  formatDateTime,
  formatDayKey,
  formatDelta,
  formatDuration,
  formatElapsed,
  formatHour,
  formatHourTick,
  formatLag,
  formatMonth,
  formatHoursMinutes,
  formatMetricDelta,
  formatMetricValue,
  formatUsd,
  genderLabel,
  isQuantityMetric,
  formatNumber,
  formatRelative,
  formatSince,
  formatTime,
  getOwnerClock,
  humanize,
  metricLabel,
  plural,
  roleLabel,
  setOwnerClock,
  sourceLabel,
  zonedDayStart,
} from "./format";

describe("deltas", () => {
  it("test_marks_delta_up_and_green_when_metric_grew", () => {
    const delta = formatDelta(2000);
    expect(delta).toEqual({ text: "+2,000", direction: "up" });
    expect(deltaClassName(delta.direction)).toContain("emerald");
  });

  it("test_marks_delta_down_and_red_when_metric_shrank", () => {
    const delta = formatDelta(-150.5);
    expect(delta).toEqual({ text: "−150.5", direction: "down" });
    expect(deltaClassName(delta.direction)).toContain("rose");
  });

  it("test_marks_delta_flat_when_metric_is_unchanged", () => {
    expect(formatDelta(0)).toEqual({ text: "±0", direction: "flat" });
  });

  it("test_shows_dash_when_delta_is_unknown", () => {
    expect(formatDelta(null)).toEqual({ text: "—", direction: "none" });
    expect(formatDelta(undefined)).toEqual({ text: "—", direction: "none" });
    expect(formatDelta(Number.NaN)).toEqual({ text: "—", direction: "none" });
  });
});

describe("times", () => {
  const now = new Date("2026-03-01T12:00:00Z");

  it("test_counts_elapsed_session_time_when_live", () => {
    expect(formatElapsed("2026-03-01T10:55:51Z", now)).toBe("1:04:09");
    expect(formatElapsed("2026-03-01T12:00:05Z", now)).toBe("0:00:00");
  });

  it("test_formats_durations_in_hours_and_minutes_when_given_seconds", () => {
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe("2h 05m");
    expect(formatDuration(12 * 60 + 30)).toBe("12m");
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(null)).toBe("—");
  });

  it("test_names_waits_in_the_largest_whole_unit_when_given_seconds", () => {
    expect(formatAge(2.4)).toBe("2 s");
    expect(formatAge(12 * 60 + 59)).toBe("12 min");
    expect(formatAge(3 * 3600 + 120)).toBe("3 h");
    expect(formatAge(2 * 86_400 + 5)).toBe("2 d");
    expect(formatAge(-1)).toBe("—");
    expect(formatAge(null)).toBe("—");
  });

  it("test_says_under_a_second_when_the_lag_rounds_to_zero", () => {
    expect(formatLag(0.002)).toBe("< 1 s");
    expect(formatLag(2.4)).toBe("2 s");
    expect(formatLag(null)).toBe("—");
  });

  it("test_describes_times_relatively_when_in_the_past", () => {
    expect(formatRelative("2026-03-01T11:57:00Z", now)).toBe("3 minutes ago");
    expect(formatRelative("2026-03-01T11:59:50Z", now)).toBe("just now");
    expect(formatRelative(null, now)).toBe("—");
  });

  it("test_describes_times_relatively_in_the_largest_unit_they_reach", () => {
    const ago = (seconds: number) => formatRelative(new Date(now.getTime() - seconds * 1000).toISOString(), now);
    expect(ago(90)).toBe("2 minutes ago");
    expect(ago(59.6 * 60)).toBe("1 hour ago");
    expect(ago(5 * 3600)).toBe("5 hours ago");
    expect(ago(23.6 * 3600)).toBe("1 day ago");
    expect(ago(3 * 86_400)).toBe("3 days ago");
    expect(ago(75 * 86_400)).toBe("3 months ago");
    expect(ago(362 * 86_400)).toBe("1 year ago");
    expect(ago(800 * 86_400)).toBe("2 years ago");
    expect(ago(-2 * 3600)).toBe("in 2 hours");
  });
});

describe("labels and values", () => {
  it("test_names_the_service_when_given_a_snapshot_source", () => {
    expect(sourceLabel("statbate_member")).toBe("Statbate");
    expect(sourceLabel("statbate_model")).toBe("Statbate");
    expect(sourceLabel("cb_stats")).toBe("Chaturbate");
    expect(sourceLabel("chaturbate")).toBe("Chaturbate");
  });

  it("test_humanizes_metric_keys_when_no_label_is_known", () => {
    expect(metricLabel("all_time_tokens")).toBe("All-time tokens");
    expect(humanize("income.tokens")).toBe("Income tokens");
    expect(humanize("numFollowers")).toBe("Num followers");
  });

  it("test_renders_any_metric_value_when_shapes_vary", () => {
    expect(formatNumber(12345.678)).toBe("12,345.68");
    expect(formatMetricValue(12000)).toBe("12,000");
    expect(formatMetricValue(true)).toBe("yes");
    expect(formatMetricValue(["feet", "latex"])).toBe("feet, latex");
    expect(formatMetricValue([{ date: "2026-01-01", tokens: 5 }])).toBe("1 item");
    expect(formatMetricValue(null)).toBe("—");
    expect(formatMetricValue("2025-12-24")).toBe("24 Dec 2025");
    expect(formatMetricValue(90001, "did")).toBe("90001");
    expect(formatMetricValue(4411, "rid")).toBe("4411");
    expect(formatMetricValue(90001, "tips_paid")).toBe("90,001");
  });

  it("test_flattens_nested_metrics_into_dotted_keys_when_payload_is_nested", () => {
    expect(flattenMetrics({ rank: 3, income: { tokens: 500, usd: 25 }, tags: ["a"] })).toEqual([
      ["rank", 3],
      ["income.tokens", 500],
      ["income.usd", 25],
      ["tags", ["a"]],
    ]);
  });
});

describe("metrics in words", () => {
  it("test_writes_durations_as_hours_and_minutes_when_given_seconds", () => {
    expect(formatHoursMinutes(2 * 3600 + 5 * 60 + 59)).toBe("2 h 05 min");
    expect(formatHoursMinutes(45 * 60)).toBe("45 min");
    expect(formatHoursMinutes(20)).toBe("< 1 min");
    expect(formatHoursMinutes(0)).toBe("0 min");
    expect(formatHoursMinutes(1234 * 3600)).toBe("1,234 h 00 min");
    expect(formatHoursMinutes(null)).toBe("—");
  });

  it("test_writes_dollars_as_currency_when_given_usd", () => {
    expect(formatUsd(1234.5)).toBe("$1,234.50");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(undefined)).toBe("—");
  });

  it("test_names_gender_codes_when_known_and_keeps_unknown_codes", () => {
    expect(genderLabel(1)).toBe("Female");
    expect(genderLabel("m")).toBe("Male");
    expect(genderLabel("C")).toBe("Couple");
    expect(genderLabel(9)).toBe("9");
  });

  it("test_formats_each_metric_by_its_kind_when_the_key_says_it", () => {
    expect(formatMetricValue(1, "gender")).toBe("Female");
    expect(formatMetricValue(7260, "sessions_total_duration")).toBe("2 h 01 min");
    expect(formatMetricValue(90, "time_online_minutes")).toBe("1 h 30 min");
    expect(formatMetricValue(99.5, "income_usd")).toBe("$99.50");
    expect(formatMetricValue(25, "income.usd")).toBe("$25.00");
    expect(formatMetricValue(90001, "did")).toBe("90001");
  });

  it("test_leaves_identifiers_and_codes_out_of_quantities", () => {
    expect(isQuantityMetric("did")).toBe(false);
    expect(isQuantityMetric("rid")).toBe(false);
    expect(isQuantityMetric("gender")).toBe(false);
    expect(isQuantityMetric("all_time_tokens")).toBe(true);
    expect(isQuantityMetric("income_usd")).toBe(true);
  });

  it("test_signs_a_change_in_the_metrics_unit_when_it_has_one", () => {
    expect(formatMetricDelta(3900, "sessions_total_duration")).toEqual({ text: "+1 h 05 min", direction: "up" });
    expect(formatMetricDelta(-12, "income_usd")).toEqual({ text: "−$12.00", direction: "down" });
    expect(formatMetricDelta(2000, "all_time_tokens")).toEqual({ text: "+2,000", direction: "up" });
  });
});

describe("live radar figures", () => {
  it("test_abbreviates_big_token_counts_when_compact", () => {
    expect(formatCompact(950)).toBe("950");
    expect(formatCompact(12_400)).toBe("12.4K");
    expect(formatCompact(3_100_000)).toBe("3.1M");
    expect(formatCompact(null)).toBe("—");
  });

  it("test_says_how_long_ago_tersely_when_given_a_time", () => {
    const now = new Date("2026-03-06T21:00:00Z");
    expect(formatSince("2026-03-06T20:59:15Z", now)).toBe("45s");
    expect(formatSince("2026-03-06T20:48:00Z", now)).toBe("12m");
    expect(formatSince("2026-03-06T18:55:00Z", now)).toBe("2h 05m");
    expect(formatSince("2026-03-06T21:00:30Z", now)).toBe("0s");
    expect(formatSince(null, now)).toBe("—");
  });
});

describe("plural and roleLabel", () => {
  it("test_counts_in_the_singular_only_for_one", () => {
    expect(plural(1, "tip")).toBe("1 tip");
    expect(plural(0, "tip")).toBe("0 tips");
    expect(plural(2_000, "snapshot")).toBe("2,000 snapshots");
  });

  it("test_names_a_role_as_a_word", () => {
    expect(roleLabel("VIEWER")).toBe("Viewer");
    expect(roleLabel("BOTH")).toBe("Both");
  });
});

describe("the owner's clock", () => {
  const newYork24: OwnerClock = { timezone: "America/New_York", clock: "24h" };
  const newYork12: OwnerClock = { timezone: "America/New_York", clock: "12h" };
  const evening = "2026-11-21T02:04:05Z";

  afterEach(() => setOwnerClock(DEFAULT_OWNER_CLOCK));

  it("test_writes_times_in_the_owners_zone_on_a_24_hour_clock", () => {
    expect(formatDateTime(evening, { clock: newYork24 })).toBe("20 Nov 2026, 21:04");
    expect(formatDateTime(evening, { clock: newYork24, seconds: true, zone: true })).toBe("20 Nov 2026, 21:04:05 EST");
    expect(formatClock(evening, newYork24)).toBe("21:04:05");
    expect(formatDate(evening, newYork24)).toBe("20 Nov 2026");
  });

  it("test_writes_am_and_pm_on_a_12_hour_clock", () => {
    expect(formatDateTime(evening, { clock: newYork12 })).toBe("20 Nov 2026, 9:04 PM");
    expect(formatTime("2026-11-21T05:30:00Z", { clock: newYork12 })).toBe("12:30 AM");
    expect(formatTime("2026-11-21T17:00:00Z", { clock: newYork12, seconds: true })).toBe("12:00:00 PM");
    expect([0, 9, 12, 23].map((hour) => formatHour(hour, newYork12))).toEqual(["12 AM", "9 AM", "12 PM", "11 PM"]);
    expect([0, 18].map((hour) => formatHourTick(hour, newYork12))).toEqual(["12a", "6p"]);
  });

  it("test_functions_follow_the_clock_the_provider_set", () => {
    setOwnerClock({ timezone: "Asia/Tokyo", clock: "12h" });
    expect(formatDateTime(evening)).toBe("21 Nov 2026, 11:04 AM");
    expect(getOwnerClock().timezone).toBe("Asia/Tokyo");
    setOwnerClock({ timezone: "Mars/Olympus", clock: "24h" });
    expect(getOwnerClock().timezone).toBe("UTC");
  });

  it("test_reads_a_time_without_offset_as_utc_and_keeps_a_plain_date_as_given", () => {
    expect(formatDateTime("2026-01-01T20:00:41", { clock: newYork24 })).toBe("1 Jan 2026, 15:00");
    expect(formatDate("2025-12-24", { timezone: "Pacific/Kiritimati", clock: "24h" })).toBe("24 Dec 2025");
    expect(formatDayKey(evening, newYork24)).toBe("2026-11-20");
  });

  it("test_reads_every_way_an_offset_is_written_and_refuses_what_names_no_instant", () => {
    const utc: TimeOptions = { clock: DEFAULT_OWNER_CLOCK, seconds: true };
    for (const written of [
      "2026-03-01T06:30:05Z",
      "2026-03-01T12:00:05+05:30",
      "2026-03-01T12:00:05+0530",
      "2026-03-01T01:30:05-05",
      "2026-03-01T06:30:05.999999+00:00",
      "2026-03-01 06:30:05",
    ]) {
      expect(formatDateTime(written, utc)).toBe("1 Mar 2026, 06:30:05");
    }
    for (const garbage of ["2026-13-01T00:00:00Z", "2026-02-30T10:00:00Z", "2026-03-01T24:00:00Z", "yesterday", ""]) {
      expect(formatDateTime(garbage, utc)).toBe("—");
    }
    expect(formatDate("2026-02-30")).toBe("—");
    expect(formatMonth("2026-02")).toBe("Feb 2026");
    expect(formatMonth("2026-13")).toBe("2026-13");
  });

  it("test_reads_any_instant_at_any_offset_as_the_same_instant_in_utc", () => {
    let seed = 7;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    for (let round = 0; round < 500; round += 1) {
      const instant = Math.floor(random() * 4_102_444_800_000);
      const offset = Math.floor(random() * 26 * 60 - 12 * 60);
      const wall = new Date(instant + offset * 60_000).toISOString().slice(0, -1);
      const sign = offset < 0 ? "-" : "+";
      const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
      const written = `${wall}${sign}${hours}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
      const options: TimeOptions = { clock: DEFAULT_OWNER_CLOCK, seconds: true };
      expect(formatDateTime(written, options)).toBe(formatDateTime(new Date(instant).toISOString(), options));
    }
  });

  it("test_starts_a_day_at_the_owners_midnight_across_a_summer_time_change", () => {
    expect(zonedDayStart("2026-11-20", 0, newYork24)).toBe("2026-11-20T05:00:00.000Z");
    expect(zonedDayStart("2026-03-08", 0, newYork24)).toBe("2026-03-08T05:00:00.000Z");
    expect(zonedDayStart("2026-03-08", 1, newYork24)).toBe("2026-03-09T04:00:00.000Z");
    expect(zonedDayStart("not a day", 0, newYork24)).toBeUndefined();
  });

  it("test_counts_of_a_partly_heard_session_are_lower_bounds_never_a_silent_zero", () => {
    expect(formatCount(1200, true)).toBe("1,200");
    expect(formatCount(0, true)).toBe("0");
    expect(formatCount(1200, false)).toBe("at least 1,200");
    expect(formatCount(0, false)).toBe("Unknown");
  });
});
