import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  allowedDevOrigins: ["127.0.0.1"],
  // `npm run typecheck` (tsc --noEmit over the whole repo, tests included) runs before every build in
  // `npm test` and CI and fails them on any error; checking again inside `next build` only repeats it.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // proxy.ts runs before every route, so Next buffers each request body for it (10 MB by default) and
    // silently drops whatever is past the limit, a whole chunk at a time. No route takes more than 1 MiB
    // (lib/http/json.ts MAX_BODY_BYTES): 2 MiB keeps memory bounded while a cut body is still more than
    // 1 MiB, so it is answered 413 like any other oversized body, never parsed half.
    proxyClientMaxBodySize: 2 * 1024 * 1024,
  },
};

export default nextConfig;
