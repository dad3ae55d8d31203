import type { ViewerFlags } from "../api/types";

// What Chaturbate's Events API says about a viewer (its user object), shown as chips: labels
// for people, the raw values on hover.

const GENDERS: Record<string, string> = { m: "Man", f: "Woman", t: "Trans", c: "Couple" };
const SUBGENDERS: Record<string, string> = { tf: "Trans woman", tm: "Trans man", tn: "Non-binary" };

export interface FlagChip {
  key: string;
  label: string;
  /** The raw value Chaturbate sent, for the hover. */
  raw: string;
  tone: "pink" | "sky" | "amber" | "slate";
}

/** Chaturbate's flags as chips, most telling first; nothing for what it did not say. */
export function flagChips(flags: ViewerFlags | null): FlagChip[] {
  if (!flags) return [];
  const chips: FlagChip[] = [];
  if (flags.inFanclub) chips.push({ key: "fanclub", label: "♥ Fan club", raw: "inFanclub: true", tone: "pink" });
  if (flags.isMod) chips.push({ key: "mod", label: "Moderator", raw: "isMod: true", tone: "sky" });
  if (flags.recentTips && flags.recentTips !== "none") {
    const strong = flags.recentTips === "lots" || flags.recentTips === "tons";
    chips.push({ key: "tips", label: `Tips ${flags.recentTips} lately`, raw: `recentTips: ${flags.recentTips}`, tone: strong ? "amber" : "slate" });
  }
  if (flags.hasTokens === false) chips.push({ key: "tokens", label: "No tokens", raw: "hasTokens: false", tone: "slate" });
  const gender = flags.subgender ? SUBGENDERS[flags.subgender] : flags.gender ? GENDERS[flags.gender] : undefined;
  if (gender) {
    const raw = `gender: ${flags.gender ?? "—"}${flags.subgender ? `, subgender: ${flags.subgender}` : ""}`;
    chips.push({ key: "gender", label: gender, raw, tone: "slate" });
  }
  return chips;
}

export const CHIP_TONES: Record<FlagChip["tone"], string> = {
  pink: "border-pink-400/50 bg-pink-400/10 text-pink-100",
  sky: "border-sky-400/50 bg-sky-400/10 text-sky-100",
  amber: "border-amber-400/60 bg-amber-400/10 text-amber-100",
  slate: "border-slate-600 bg-slate-800/60 text-slate-200",
};
