import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { useDocumentTitle } from "../common/useDocumentTitle";
import { ColorModeToggle } from "../layout/ColorModeToggle";

/** The frame of the pages outside the app: first run, sign-in, sign-out. */
export function AuthLayout({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <Box sx={{ minHeight: "100dvh", display: "flex", flexDirection: "column" }}>
      <Box component="header" sx={{ display: "flex", justifyContent: "space-between", alignItems: "center", p: 1.5 }}>
        <Typography component="p" variant="h6" sx={{ fontWeight: 700, pl: 1 }}>
          F2L
        </Typography>
        <ColorModeToggle />
      </Box>
      <Box component="main" sx={{ flex: 1, display: "grid", placeItems: "center", px: 2, pb: 6 }}>
        <Card sx={{ width: "100%", maxWidth: 420 }}>
          <CardContent sx={{ p: { xs: 2.5, sm: 4 }, "&:last-child": { pb: { xs: 2.5, sm: 4 } } }}>
            <Typography variant="h1" sx={{ mb: 1 }}>
              {title}
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 3 }}>
              {intro}
            </Typography>
            {children}
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}
