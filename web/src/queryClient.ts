import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/errors";

/** Retry network failures and 5xx twice; a 4xx answer is final (retrying a 401 or 404 changes nothing). */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 5_000 },
    mutations: { retry: false },
  },
});
