import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import { formatCount } from "../../lib/format";
import { BOARD_FILTERS, FILTER_LABEL, type BoardFilter } from "./cardState";

/** The board's filters as toggle chips, each with how many sessions it shows. */
export function BoardFilterChips({
  value,
  counts,
  onChange,
}: {
  value: BoardFilter;
  counts: Readonly<Record<BoardFilter, number>>;
  onChange: (filter: BoardFilter) => void;
}) {
  return (
    <Box role="group" aria-label="Show sessions" sx={{ display: "flex", flexWrap: "wrap", gap: 1 }}>
      {BOARD_FILTERS.map((filter) => {
        const selected = filter === value;
        return (
          <Chip
            key={filter}
            label={`${FILTER_LABEL[filter]} (${formatCount(counts[filter])})`}
            color={selected ? "primary" : "default"}
            variant={selected ? "filled" : "outlined"}
            aria-pressed={selected}
            onClick={() => {
              onChange(filter);
            }}
          />
        );
      })}
    </Box>
  );
}
