export { statsKeys } from "./keys";
export { statsQueries, type Stats } from "./queries";
export { overviewFigures, type OverviewFigures } from "./figures";
