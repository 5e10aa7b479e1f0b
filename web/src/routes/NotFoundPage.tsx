import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import { Link as RouterLink, useLocation } from "react-router";
import { useDocumentTitle } from "../components/common/useDocumentTitle";

export default function NotFoundPage() {
  useDocumentTitle("Not found");
  const { pathname } = useLocation();
  return (
    <Box sx={{ display: "grid", gap: 2 }}>
      <Typography variant="h1">No page here</Typography>
      <Typography>
        The dashboard has no page at <code>{pathname}</code>.{" "}
        <Link component={RouterLink} to="/">
          Go to the overview
        </Link>
        .
      </Typography>
    </Box>
  );
}
