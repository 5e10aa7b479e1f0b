import { useEffect } from "react";

/** Sets the tab's title to "<title> · F2L" while the page is shown. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · F2L`;
  }, [title]);
}
