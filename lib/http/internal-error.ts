// The answer to a failure we did not foresee: no details (they go to the server log). Its own
// module because scripts/server.ts (direct-routes.ts) sends it too, outside Next.js, where
// next/server (api-response.ts) cannot be loaded.
export const INTERNAL_ERROR_BODY = {
  error: {
    code: "INTERNAL",
    message: "Something went wrong on our side. Try again in a moment.",
  },
} as const;
