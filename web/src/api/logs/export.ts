import { api, type Schemas } from "../../client";
import { ApiError, detailText, sentence } from "../errors";
import type { LogFilter } from "./filter";

export type LogExportFormat = Schemas["ExportFormat"];

/** The formats `GET /logs/export` offers, as the menu lists them. */
export const EXPORT_FORMATS: readonly { format: LogExportFormat; label: string }[] = [
  { format: "csv", label: "CSV" },
  { format: "json", label: "JSON" },
];

/** A downloaded file: its contents and the name the server suggests. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header, else `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

/**
 * The lines matching `filter` as a file (`GET /logs/export`). Fetched through the API client, so
 * the request carries the access token (and refreshes it) like every other call; a link to the
 * URL would not.
 */
export async function fetchLogExport(filter: LogFilter, format: LogExportFormat): Promise<DownloadedFile> {
  const { data, error, response } = await api.GET("/api/v1/logs/export", {
    params: { query: { ...filter, format } },
    parseAs: "blob",
  });
  if (!response.ok || !data) {
    const detail = detailText(error);
    throw new ApiError(response.status, detail ? sentence(detail) : `The export failed (${response.status}).`);
  }
  const filename = attachmentName(response.headers.get("Content-Disposition"), `f2l-logs.${format}`);
  return { blob: data, filename };
}

/** Hand `file` to the browser as a download (an object URL on a temporary `<a download>`). */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers: give it a moment.
  setTimeout(() => { URL.revokeObjectURL(url); }, 10_000);
}
