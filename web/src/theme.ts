import { createTheme } from "@mui/material/styles";

/**
 * Light and dark schemes as CSS variables; the mode follows the system unless the user picks
 * one (MUI keeps the choice in localStorage). Colours are chosen for WCAG AA text contrast:
 * `contrastThreshold: 4.5` makes MUI pick the text colour on each filled colour by the same rule.
 */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: "class" },
  colorSchemes: {
    light: {
      palette: {
        contrastThreshold: 4.5,
        primary: { main: "#1565c0" },
        success: { main: "#2e7d32" },
        warning: { main: "#a15c00" },
        error: { main: "#c62828" },
        info: { main: "#01579b" },
        background: { default: "#f5f7fa" },
      },
    },
    dark: {
      palette: {
        contrastThreshold: 4.5,
        primary: { main: "#90caf9" },
        success: { main: "#81c784" },
        warning: { main: "#ffb74d" },
        error: { main: "#ef9a9a" },
        info: { main: "#81d4fa" },
        background: { default: "#0f1115", paper: "#171a21" },
      },
    },
  },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    h1: { fontSize: "1.75rem", fontWeight: 600 },
    h2: { fontSize: "1.125rem", fontWeight: 600 },
  },
  shape: { borderRadius: 8 },
  components: {
    MuiCard: { defaultProps: { variant: "outlined" } },
    MuiButton: { styleOverrides: { root: { textTransform: "none" } } },
    MuiCssBaseline: {
      styleOverrides: {
        // People who ask their system for less motion get none (drawers, menus, progress bars).
        "@media (prefers-reduced-motion: reduce)": {
          "*, *::before, *::after": {
            animationDuration: "0.01ms !important",
            animationIterationCount: "1 !important",
            transitionDuration: "0.01ms !important",
          },
        },
      },
    },
  },
});
