import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { reloadOnStaleBundle } from "./lib/staleBundle";
import { preloadFor } from "./preload";
import { queryClient } from "./queryClient";

reloadOnStaleBundle();
preloadFor(window.location.pathname, queryClient);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
