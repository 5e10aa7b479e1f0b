import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../client";
import { unwrapFields } from "../fieldErrors";
import { unwrap } from "../errors";
import { userKeys } from "./keys";
import type { UserCreate, UserPage, UserUpdate } from "./queries";

/** Create an account (admin); a taken name or a weak password names its field. */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: UserCreate) => unwrapFields(api.POST("/api/v1/users", { body: user })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}

/**
 * Change an account's role, password or active flag; refused for the last active admin. The
 * answer replaces the account in the cached lists at once (no flicker back while they refetch).
 */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserUpdate }) =>
      unwrapFields(api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: id } }, body: change })),
    onSuccess: (user) => {
      queryClient.setQueriesData<UserPage>({ queryKey: userKeys.lists() }, (page) =>
        page ? { ...page, data: page.data.map((each) => (each.id === user.id ? user : each)) } : page,
      );
      void queryClient.invalidateQueries({ queryKey: userKeys.lists() });
    },
  });
}

/** Delete an account; refused for yourself and for the last admin. */
export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/users/{user_id}", { params: { path: { user_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}
