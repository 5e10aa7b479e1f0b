/** Styles (sx) for text read by screen readers but not shown, e.g. a column header above icon buttons. */
export const VISUALLY_HIDDEN = {
  position: "absolute",
  width: "1px", // not 1: in sx a number up to 1 is a fraction (100%)
  height: "1px",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
} as const;
