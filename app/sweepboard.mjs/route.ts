import { apiRoute } from "@/lib/http/route";
import { readStandaloneCli } from "@/lib/server/standalone-cli";

export const dynamic = "force-dynamic";

/**
 * The standalone CLI, for machines with only Node 20+: `curl -fsSO http://SERVER/sweepboard.mjs && node
 * sweepboard.mjs agent <id> -- python train.py`. X-Sweepboard-Build lets an older copy say it is one.
 */
export const GET = apiRoute(async () => {
  const cli = await readStandaloneCli();
  return new Response(new Uint8Array(cli.code), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "X-Sweepboard-Build": cli.build, "Cache-Control": "no-cache" },
  });
});
