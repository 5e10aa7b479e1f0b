import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import type { PageInfo } from "../navigation";

/**
 * A page of the dashboard this release does not have yet. It says so plainly and points to
 * what does the job today (the API and the CLI); it shows no control that does nothing.
 */
export default function PlaceholderPage({ page }: { page: PageInfo }) {
  useDocumentTitle(page.label);
  return (
    <Box sx={{ display: "grid", gap: 2, maxWidth: 720 }}>
      <Typography variant="h1">{page.label}</Typography>
      <Alert severity="info">
        <AlertTitle>Coming in a later release</AlertTitle>
        This page is not built yet. It will show: {page.summary.charAt(0).toLowerCase() + page.summary.slice(1)}
      </Alert>
      <Typography>
        Until then, the same things can be done with the command line (<code>f2l --help</code>) or the REST API,
        documented at <Link href="/api/v1/docs">/api/v1/docs</Link>.
      </Typography>
    </Box>
  );
}
