import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";

/** A centred spinner while a page's code or first data loads. */
export function PageLoader({ label = "Loading…" }: { label?: string }) {
  return (
    <Box role="status" sx={{ display: "grid", placeItems: "center", minHeight: "40vh", gap: 2 }}>
      <CircularProgress aria-label={label} />
    </Box>
  );
}
