import ContentCopy from "@mui/icons-material/ContentCopy";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import Alert from "@mui/material/Alert";
import { useState } from "react";
import { usePresign } from "../../../api/endpoints";
import { errorMessage } from "../../../api/errors";
import { formatDateTime } from "../../../lib/format";
import { showToast } from "../../../lib/toasts";

/** How long a link may stay valid (S3 allows at most 7 days). */
export const EXPIRIES: readonly { seconds: number; label: string }[] = [
  { seconds: 15 * 60, label: "15 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "7 days" },
];

async function copy(url: string) {
  try {
    await navigator.clipboard.writeText(url);
    showToast({ message: "Link copied to the clipboard.", severity: "success" });
  } catch {
    showToast({ message: "The browser refused to copy: select the link and copy it by hand.", severity: "warning" });
  }
}

/**
 * A presigned GET link to one S3 object with the expiry chosen: anyone holding it downloads the
 * object without F2L until it expires (the server logs who asked for it).
 */
export function PresignLink({ endpointId, path }: { endpointId: string; path: string }) {
  const [expiresIn, setExpiresIn] = useState(3600);
  const presign = usePresign();
  const link = presign.data;
  return (
    <Box component="section" aria-label="Presigned link" sx={{ display: "grid", gap: 1.5 }}>
      <Typography variant="subtitle2" component="h3">
        Presigned link
      </Typography>
      <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "flex-start" }}>
        <TextField
          select
          size="small"
          label="Valid for"
          value={expiresIn}
          onChange={(event) => {
            setExpiresIn(Number(event.target.value));
            presign.reset();
          }}
          sx={{ minWidth: 140 }}
        >
          {EXPIRIES.map((expiry) => (
            <MenuItem key={expiry.seconds} value={expiry.seconds}>
              {expiry.label}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="outlined"
          loading={presign.isPending}
          onClick={() => { presign.mutate({ id: endpointId, path, expiresIn }); }}
        >
          Create link
        </Button>
      </Box>
      {presign.isError ? (
        <Alert severity="error" role="alert">
          {errorMessage(presign.error)}
        </Alert>
      ) : null}
      {link ? (
        <Box sx={{ display: "grid", gap: 1 }}>
          <TextField
            label="Link"
            size="small"
            value={link.url}
            multiline
            maxRows={4}
            fullWidth
            slotProps={{ htmlInput: { readOnly: true, spellCheck: false } }}
            onFocus={(event) => { event.target.select(); }}
            helperText={`Valid until ${formatDateTime(link.expires_at)}.`}
          />
          <Box>
            <Button variant="contained" startIcon={<ContentCopy />} onClick={() => void copy(link.url)}>
              Copy link
            </Button>
          </Box>
        </Box>
      ) : null}
    </Box>
  );
}
