/** Paths of the file browser: an endpoint's folders as the API names them ("" is its root, no slashes around). */
import type { BrowsePage } from "../../../api/endpoints";
import { formatCount } from "../../../lib/format";

export interface Crumb {
  label: string;
  path: string;
}

/** "a//b/" → "a/b": the API's form of a folder path. */
export function cleanPath(path: string): string {
  return path
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

/** The breadcrumb of `path`: the root (labelled `rootLabel`), then each folder down to `path`. */
export function crumbs(path: string, rootLabel: string): Crumb[] {
  const segments = cleanPath(path).split("/").filter(Boolean);
  return [
    { label: rootLabel, path: "" },
    ...segments.map((segment, index) => ({ label: segment, path: segments.slice(0, index + 1).join("/") })),
  ];
}

/** The folder above `path` ("" above a top folder; null at the root). */
export function parentOf(path: string): string | null {
  const clean = cleanPath(path);
  if (!clean) return null;
  const cut = clean.lastIndexOf("/");
  return cut < 0 ? "" : clean.slice(0, cut);
}

export interface PagerState {
  /** 1-based positions of the first and last entry shown (0 and 0 when none). */
  from: number;
  to: number;
  label: string;
  hasPrevious: boolean;
  hasNext: boolean;
}

/**
 * Where a page of a folder lies. A listing is streamed, never counted up front: the total is
 * known only on its last page (`total`); before that `has_more` says another page follows.
 */
export function pagerState(pagination: BrowsePage["pagination"], shown: number): PagerState {
  const { page, limit, total, has_more: hasMore } = pagination;
  const from = shown ? (page - 1) * limit + 1 : 0;
  const to = shown ? from + shown - 1 : 0;
  let label: string;
  if (!shown) label = page > 1 ? "No more entries" : "No entries";
  else if (total !== null) label = `${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}`;
  else label = `${formatCount(from)}–${formatCount(to)} of more than ${formatCount(to)}`;
  return { from, to, label, hasPrevious: page > 1, hasNext: hasMore };
}
