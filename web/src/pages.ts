/**
 * Which page component each route shows. Pages live in `routes/<Name>Page.tsx`, each its own
 * chunk; `import.meta.glob` finds the ones this build has, so a section whose page is not built
 * yet shows an honest placeholder instead of failing the build.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

type PageModule = { default: ComponentType };

const modules = import.meta.glob<PageModule>("./routes/*Page.tsx");

/** The lazy component of `routes/<name>.tsx`, or null when this build has no such page. */
export function pageComponent(name: string): LazyExoticComponent<ComponentType> | null {
  const load = modules[`./routes/${name}.tsx`];
  return load ? lazy(load) : null;
}

/** Whether this build has `routes/<name>.tsx`. */
export function hasPage(name: string): boolean {
  return `./routes/${name}.tsx` in modules;
}

/** Starts downloading `routes/<name>.tsx` (the same request its lazy component makes), if built. */
export function loadPage(name: string): Promise<unknown> | null {
  const load = modules[`./routes/${name}.tsx`];
  return load ? load() : null;
}
