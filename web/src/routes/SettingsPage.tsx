import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import { useQuery } from "@tanstack/react-query";
import { useAuthState, useCan } from "../api/auth";
import { settingsQueries } from "../api/settings";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { RunSettingsForm } from "../components/settings/RunSettingsForm";
import { SettingsSection } from "../components/settings/SettingsSection";
import { UsersSection } from "../components/settings/UsersSection";

/** The admin's run settings; loaded only for admins (the API answers them alone). */
function RunSettings() {
  const settings = useQuery(settingsQueries.detail());
  if (settings.isPending) return <PageLoader label="Loading the settings…" />;
  if (settings.isError) return <QueryError what="The settings" error={settings.error} retry={() => void settings.refetch()} />;
  return <RunSettingsForm settings={settings.data} />;
}

/**
 * Settings: users and roles, and the run settings. Only admins may read or change them (the
 * API refuses everyone else), so other roles get the page's reason and no control at all.
 */
export default function SettingsPage() {
  useDocumentTitle("Settings");
  const admin = useCan("admin");
  const auth = useAuthState();
  if (!admin) {
    return (
      <Box sx={{ display: "grid", gap: 3 }}>
        <PageHeader title="Settings" subtitle="Users and roles, concurrency, retention, health checks and defaults." />
        <Alert severity="info">
          Only administrators can change settings. Ask an administrator if a setting or your role should change.
        </Alert>
      </Box>
    );
  }
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader title="Settings" subtitle="Users and roles, concurrency, retention, health checks and defaults." />
      <UsersSection myId={auth.status === "authenticated" ? auth.user.id : null} />
      <SettingsSection title="Run settings">
        <RunSettings />
      </SettingsSection>
    </Box>
  );
}
