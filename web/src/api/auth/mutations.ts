import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { authSession } from "./instance";
import { authKeys } from "./keys";

export type Credentials = Schemas["Credentials"];

async function login(credentials: Credentials) {
  const pair = await unwrap(api.POST("/api/v1/auth/login", { body: credentials }));
  authSession.signedIn(pair);
  return pair;
}

/** Sign in; the user is cached as `me`. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (pair) => {
      queryClient.setQueryData(authKeys.me(), pair.user);
    },
  });
}

/** First run: create the first admin, then sign in as them. */
export function useSetupAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      await unwrap(api.POST("/api/v1/auth/setup", { body: credentials }));
      return login(credentials);
    },
    onSuccess: (pair) => {
      queryClient.setQueryData(authKeys.status(), { setup_required: false });
      queryClient.setQueryData(authKeys.me(), pair.user);
    },
  });
}

/** Sign out: revoke the sign-in (the cookie says which), forget the token and every cached answer. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await unwrap(api.POST("/api/v1/auth/logout"));
      } finally {
        authSession.signedOut(); // even if the server could not be told: this tab forgets it
      }
    },
    onSettled: () => {
      // Another user may sign in next in this tab: no answer fetched for this one may remain.
      queryClient.removeQueries();
    },
  });
}
