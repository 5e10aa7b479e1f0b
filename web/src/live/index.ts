/** Live events: one connection per tab (WebSocket, else SSE), feeding the cache and the pages. */
export { LiveEventsProvider } from "./LiveEventsProvider";
export { eventMatches, useActiveProgress, useExecutionProgress, useLiveConnection, useLiveEvents, type LiveFilter } from "./hooks";
export type { ConnectionState, ConnectionStatus } from "./connection";
export type { ExecutionFinished, ExecutionProgress, LiveEvent, LiveEventType } from "./protocol";
export { browserNotificationsOn, browserNotificationsSupported, setBrowserNotifications } from "./notifications";
