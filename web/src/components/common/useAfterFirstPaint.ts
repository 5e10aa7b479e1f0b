import { useEffect, useState } from "react";

/**
 * False until the browser has painted a render in which `shown` was true. Heavy, non-essential
 * parts (the overview's charts, whose chunk carries recharts) render behind it, so their code is
 * only requested once the page's essentials are on screen.
 */
export function useAfterFirstPaint(shown = true): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!shown || painted) return undefined;
    // rAF runs before the next paint; the timeout inside it runs after that paint.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => { setPainted(true); }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [shown, painted]);
  return painted;
}
