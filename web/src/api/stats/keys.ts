/** Query keys of the dashboard statistics (`GET /stats?days=`). */
export const statsKeys = {
  all: ["stats"] as const,
  summaries: () => [...statsKeys.all, "summary"] as const,
  summary: (days: number) => [...statsKeys.summaries(), { days }] as const,
};
