"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeExperimentStatus } from "@/lib/server/change-experiment-status";
import { runAction } from "@/lib/server/ui-action";

const archiveInput = z.strictObject({ id: z.int().positive(), archived: z.boolean() });

export async function setArchivedAction(input: { id: number; archived: boolean }) {
  return runAction(archiveInput, input, async ({ id, archived }) => {
    const experiment = await changeExperimentStatus({ id, action: archived ? "archive" : "unarchive" });
    revalidatePath("/");
    return { status: experiment.status };
  });
}
