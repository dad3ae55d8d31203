import type { RadarHighlight } from "../../api/types";

/** How a highlighted person stands out on every part of the radar: badge, card, feed and room list. */
export const HIGHLIGHTS: Record<
  RadarHighlight,
  { label: string; glyph: string; glyphColor: string; badge: string; ring: string; glow: string }
> = {
  big_spender: {
    label: "Big spender",
    glyph: "★",
    glyphColor: "text-amber-300",
    badge: "border-amber-400/70 bg-amber-400/15 text-amber-200",
    ring: "border-amber-400/70 ring-2 ring-amber-400/30",
    glow: "from-amber-500/20",
  },
  watchlist: {
    label: "Watchlist",
    glyph: "◆",
    glyphColor: "text-fuchsia-300",
    badge: "border-fuchsia-400/60 bg-fuchsia-400/15 text-fuchsia-200",
    ring: "border-fuchsia-400/60 ring-2 ring-fuchsia-400/25",
    glow: "from-fuchsia-500/15",
  },
};
