/** The app's one sign-in, wired into the API client. */
import { api, bearerAuth } from "../../client";
import { ApiError, detailText } from "../errors";
import { createAuthSession, type TokenPair } from "./session";

/** `POST /auth/refresh` with the cookie (no body): a new pair, or "rejected" on 401. */
async function refreshWithCookie(): Promise<TokenPair | "rejected"> {
  const { data, error, response } = await api.POST("/api/v1/auth/refresh");
  if (response.status === 401) return "rejected";
  if (!data) throw new ApiError(response.status, detailText(error) ?? `refresh answered ${response.status}`);
  return data;
}

export const authSession = createAuthSession(refreshWithCookie);

// Every call of the client carries the access token and refreshes it on a 401.
api.use(bearerAuth(authSession));
