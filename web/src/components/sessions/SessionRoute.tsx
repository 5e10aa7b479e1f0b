import Typography from "@mui/material/Typography";
import type { Session } from "../../api/sessions";
import { endpointPath } from "./describe";

const ARROWS = { source_to_dest: "→", dest_to_source: "←", bidirectional: "↔" } as const;

/** "Docs source:/docs → Backup disk:/docs", the arrow pointing the way files flow. */
export function routeWords(session: Session, endpointName: (id: string) => string): string {
  const arrow = ARROWS[session.sync_direction];
  const source = endpointPath(endpointName(session.source_endpoint_id), session.source_path);
  const destination = endpointPath(endpointName(session.destination_endpoint_id), session.destination_path);
  return `${source} ${arrow} ${destination}`;
}

export function SessionRoute({ session, endpointName }: { session: Session; endpointName: (id: string) => string }) {
  return (
    <Typography variant="body2" sx={{ fontFamily: "monospace", overflowWrap: "anywhere" }}>
      {routeWords(session, endpointName)}
    </Typography>
  );
}
