import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import FormControlLabel from "@mui/material/FormControlLabel";
import Step from "@mui/material/Step";
import StepButton from "@mui/material/StepButton";
import StepLabel from "@mui/material/StepLabel";
import Stepper from "@mui/material/Stepper";
import Switch from "@mui/material/Switch";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import type { Theme } from "@mui/material/styles";
import { useRef, useState, type ReactNode } from "react";
import type { Endpoint } from "../../api/endpoints";
import { errorMessage } from "../../api/errors";
import { FieldsError, type FieldMessages } from "../../api/sessions";
import { EndpointsStep } from "./EndpointsStep";
import { FilterEditor } from "./FilterEditor";
import { REVIEW_STEP, STEPS, sessionBody, stepOf, stepProblems, type SessionForm } from "./form";
import { MovementStep } from "./MovementStep";
import { ReviewStep } from "./ReviewStep";
import { ScheduleEditor } from "./ScheduleEditor";

/** Visually hidden, still read by screen readers. */
const HIDDEN = {
  position: "absolute",
  width: "1px", // a bare 1 would mean 100% in `sx`
  height: "1px",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  m: "-1px",
  p: 0,
  border: 0,
} as const;

/** How a save ended: the session's id, or the refusal to show. */
export type SaveOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * The create/edit wizard: five steps (numbers only on phones), each checked before the
 * next; Save sends everything, and a refusal opens the step of the first refused field.
 */
export function SessionWizard({
  initial,
  endpoints,
  editing,
  onSave,
  onCancel,
}: {
  initial: SessionForm;
  endpoints: readonly Endpoint[];
  /** An existing session: every step may be opened at once. */
  editing: boolean;
  onSave: (body: ReturnType<typeof sessionBody>, preview: boolean) => Promise<SaveOutcome>;
  onCancel: () => void;
}) {
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down("md"));
  const [form, setForm] = useState(initial);
  const [active, setActive] = useState(0);
  const [reached, setReached] = useState(editing ? REVIEW_STEP : 0);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [server, setServer] = useState<FieldMessages>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState<"save" | "preview" | null>(null);
  const top = useRef<HTMLDivElement>(null);

  const errorsOf = (step: number): FieldMessages => ({
    ...(checked.has(step) ? stepProblems(step, form) : {}),
    ...Object.fromEntries(Object.entries(server).filter(([field]) => stepOf(field) === step)),
  });

  /** Change the form; the API's refusals of the step being edited are answered by the change. */
  const change = (patch: Partial<SessionForm>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setServer((previous) => Object.fromEntries(Object.entries(previous).filter(([field]) => stepOf(field) !== active)));
  };

  const go = (step: number) => {
    setActive(step);
    setReached((previous) => Math.max(previous, step));
    top.current?.scrollIntoView({ block: "nearest" });
  };

  const next = () => {
    setChecked((previous) => new Set(previous).add(active));
    if (Object.keys(stepProblems(active, form)).length) return;
    go(active + 1);
  };

  const save = async (preview: boolean) => {
    const firstBad = STEPS.findIndex((_step, index) => Object.keys(stepProblems(index, form)).length > 0);
    if (firstBad >= 0 && firstBad < REVIEW_STEP) {
      setChecked(new Set(STEPS.map((_step, index) => index)));
      go(firstBad);
      return;
    }
    setSaving(preview ? "preview" : "save");
    setRefusal(null);
    const outcome = await onSave(sessionBody(form), preview);
    setSaving(null);
    if (outcome.ok) return;
    const { error } = outcome;
    if (error instanceof FieldsError && Object.keys(error.fields).length) {
      const count = Object.keys(error.fields).length;
      setServer(error.fields);
      // The API's words are on the fields themselves.
      setRefusal(`The service refused the session: see the ${count === 1 ? "marked field" : `${String(count)} marked fields`}.`);
      go(Math.min(...Object.keys(error.fields).map(stepOf)));
    } else {
      setRefusal(`The session could not be saved: ${errorMessage(error)}`);
      go(REVIEW_STEP);
    }
  };

  const matchTarget = form.source_endpoint_id ? { endpointId: form.source_endpoint_id, path: form.source_path } : null;

  const content = (step: number): ReactNode => {
    const errors = errorsOf(step);
    switch (step) {
      case 0:
        return <EndpointsStep form={form} endpoints={endpoints} errors={errors} onChange={change} />;
      case 1:
        return <MovementStep form={form} errors={errors} onChange={change} />;
      case 2:
        return (
          <FilterEditor value={form.filters} onChange={(filters) => { change({ filters }); }} errors={errors} matchTarget={matchTarget} />
        );
      case 3:
        return (
          <Box sx={{ display: "grid", gap: 3 }}>
            <ScheduleEditor value={form.schedule} onChange={(schedule) => { change({ schedule }); }} errors={errors} />
            <FormControlLabel
              sx={{ alignItems: "flex-start" }}
              control={
                <Switch
                  checked={form.auto_start_enabled}
                  onChange={(event) => { change({ auto_start_enabled: event.target.checked }); }}
                  sx={{ mt: -0.75 }}
                />
              }
              label={
                <>
                  Auto-start
                  <Typography variant="body2" color="text.secondary">
                    Also start a run whenever the F2L service starts.
                  </Typography>
                </>
              }
            />
          </Box>
        );
      default:
        return <ReviewStep form={form} endpoints={endpoints} />;
    }
  };

  const buttons = (
    <Box sx={{ display: "flex", flexWrap: "wrap", gap: 1, mt: 3 }}>
      {active > 0 ? (
        <Button onClick={() => { go(active - 1); }} disabled={saving !== null}>
          Back
        </Button>
      ) : (
        <Button onClick={onCancel}>Cancel</Button>
      )}
      {active < REVIEW_STEP ? (
        <Button variant="contained" onClick={next}>
          Next
        </Button>
      ) : (
        <>
          <Button variant="contained" onClick={() => void save(false)} loading={saving === "save"} disabled={saving !== null}>
            Save
          </Button>
          <Button variant="outlined" onClick={() => void save(true)} loading={saving === "preview"} disabled={saving !== null}>
            Save and preview
          </Button>
        </>
      )}
    </Box>
  );

  return (
    <Box ref={top} sx={{ display: "grid", gap: 3, scrollMarginTop: 80 }}>
      <Box role="group" aria-label="Steps">
        <Stepper nonLinear activeStep={active}>
          {STEPS.map((label, index) => {
            const needsFix = Object.keys(errorsOf(index)).length > 0;
            return (
              <Step key={label} completed={index < reached && index !== active && !needsFix}>
                <StepButton onClick={() => { go(index); }} disabled={index > reached || saving !== null}>
                  <StepLabel
                    error={needsFix}
                    optional={
                      needsFix ? (
                        <Typography variant="caption" color="error" sx={compact ? HIDDEN : undefined}>
                          Needs a fix
                        </Typography>
                      ) : undefined
                    }
                  >
                    {/* On a phone the step names would not fit: the card's title says which step this is. */}
                    <Box component="span" sx={compact ? HIDDEN : undefined}>
                      {label}
                    </Box>
                  </StepLabel>
                </StepButton>
              </Step>
            );
          })}
        </Stepper>
      </Box>
      <Card>
        <CardContent>
          <Typography variant="h2" sx={{ mb: 2 }}>
            {compact ? `Step ${String(active + 1)} of ${String(STEPS.length)}: ` : ""}
            {STEPS[active]}
          </Typography>
          {refusal ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {refusal}
            </Alert>
          ) : null}
          {content(active)}
          {buttons}
        </CardContent>
      </Card>
    </Box>
  );
}
