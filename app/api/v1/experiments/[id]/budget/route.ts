import { extendBudgetBody } from "@/lib/schemas/api";
import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { extendBudget } from "@/lib/server/extend-budget";

export const dynamic = "force-dynamic";

/** Extend the budget: `{"add": 50}`. */
export const POST = apiHandler("write", async (ctx) => ({
  experiment: await extendBudget({ id: idParam(ctx.params, "id", "experiment"), add: (await ctx.body(extendBudgetBody)).add }),
}));
