/** Styles that hide text from the eye but not from screen readers (a table header with nothing to show). */
export const visuallyHidden = {
  border: 0,
  clip: "rect(0 0 0 0)",
  // Strings: in `sx` the number 1 means 100%.
  height: "1px",
  margin: "-1px",
  overflow: "hidden",
  padding: 0,
  position: "absolute",
  whiteSpace: "nowrap",
  width: "1px",
} as const;
