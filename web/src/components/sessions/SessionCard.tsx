import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import { useId } from "react";
import { Link as RouterLink } from "react-router";
import type { Session } from "../../api/sessions";
import { SessionActions } from "./SessionActions";
import { SessionFacts } from "./SessionFacts";
import { SessionRoute } from "./SessionRoute";

/** A chip saying the schedule is paused (nothing when it runs or there is none). */
export function PausedChip({ session }: { session: Session }) {
  return session.schedule_enabled && session.schedule_paused ? (
    <Chip size="small" color="warning" variant="outlined" label="Schedule paused" />
  ) : null;
}

/** One session on the list: name, route, facts, and the actions the user's role allows. */
export function SessionCard({
  session,
  endpointName,
  now,
}: {
  session: Session;
  endpointName: (id: string) => string;
  now: Date;
}) {
  const titleId = useId();
  return (
    <Card component="article" aria-labelledby={titleId} sx={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
      <CardContent sx={{ display: "grid", gap: 1.5, flexGrow: 1 }}>
        <Box sx={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 1, justifyContent: "space-between" }}>
          <Typography variant="h2" id={titleId} sx={{ overflowWrap: "anywhere" }}>
            <Link component={RouterLink} to={`/sessions/${session.id}`} underline="hover" color="inherit">
              {session.name}
            </Link>
          </Typography>
          <PausedChip session={session} />
        </Box>
        <SessionRoute session={session} endpointName={endpointName} />
        <SessionFacts session={session} now={now} />
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2 }}>
        <SessionActions session={session} />
      </CardActions>
    </Card>
  );
}
