import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { isAtEnd } from "./logLines";

/**
 * Keeps a scrolled box at its end while new content arrives, until the user scrolls up;
 * scrolling back to the end (or `follow()`) resumes. `content` is whatever changes when lines
 * arrive.
 */
export function useFollowEnd<T extends HTMLElement>(content: unknown) {
  const ref = useRef<T>(null);
  const [following, setFollowing] = useState(true);

  const onScroll = useCallback(() => {
    const box = ref.current;
    if (box) setFollowing(isAtEnd(box));
  }, []);

  const follow = useCallback(() => {
    setFollowing(true);
    const box = ref.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, []);

  useLayoutEffect(() => {
    const box = ref.current;
    if (box && following) box.scrollTop = box.scrollHeight;
  }, [content, following]);

  return { ref, following, onScroll, follow };
}
