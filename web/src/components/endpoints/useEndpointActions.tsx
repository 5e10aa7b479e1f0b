import { lazy, Suspense, useState, type ReactNode } from "react";
import { useTestEndpoint, type Endpoint } from "../../api/endpoints";
import { DeleteEndpointDialog } from "./DeleteEndpointDialog";
import { TestConnectionDialog } from "./TestConnectionDialog";

// The form (react-hook-form and the field renderers) loads when an operator first opens it.
const EndpointFormDialog = lazy(() =>
  import("./form/EndpointFormDialog").then((module) => ({ default: module.EndpointFormDialog })),
);

type Open =
  | { kind: "add" }
  | { kind: "edit"; endpoint: Endpoint }
  | { kind: "test"; endpoint: Endpoint }
  | { kind: "delete"; endpoint: Endpoint }
  | null;

export interface EndpointActions {
  add: () => void;
  edit: (endpoint: Endpoint) => void;
  test: (endpoint: Endpoint) => void;
  remove: (endpoint: Endpoint) => void;
  /** The open dialog, if any: render it once in the page. */
  dialogs: ReactNode;
}

/** The operator's actions on endpoints (add, edit, test, delete) and the dialog each opens. */
export function useEndpointActions({ onDeleted }: { onDeleted?: () => void } = {}): EndpointActions {
  const [open, setOpen] = useState<Open>(null);
  const testing = useTestEndpoint();
  const close = () => { setOpen(null); };
  const runTest = (endpoint: Endpoint) => {
    testing.reset();
    testing.mutate(endpoint.id);
  };

  let dialogs: ReactNode = null;
  if (open?.kind === "add" || open?.kind === "edit") {
    dialogs = (
      <Suspense fallback={null}>
        <EndpointFormDialog endpoint={open.kind === "edit" ? open.endpoint : undefined} onClose={close} />
      </Suspense>
    );
  } else if (open?.kind === "test") {
    const endpoint = open.endpoint;
    dialogs = (
      <TestConnectionDialog endpoint={endpoint} state={testing} onRetry={() => { runTest(endpoint); }} onClose={close} />
    );
  } else if (open?.kind === "delete") {
    dialogs = <DeleteEndpointDialog endpoint={open.endpoint} onClose={close} onDeleted={onDeleted} />;
  }

  return {
    add: () => { setOpen({ kind: "add" }); },
    edit: (endpoint) => { setOpen({ kind: "edit", endpoint }); },
    test: (endpoint) => {
      setOpen({ kind: "test", endpoint });
      runTest(endpoint);
    },
    remove: (endpoint) => { setOpen({ kind: "delete", endpoint }); },
    dialogs,
  };
}
