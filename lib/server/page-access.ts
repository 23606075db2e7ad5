import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/http/errors";
import { dashboardAccess, type DashboardAccess } from "./dashboard-access";
import { currentSessionId } from "./sessions";

/** For pages: the visitor's full access, or a redirect to the sign-in page. */
export async function requirePageAccess(): Promise<Extract<DashboardAccess, { kind: "full" }>> {
  const sessionId = await currentSessionId();
  try {
    const access = await dashboardAccess({ sessionId });
    if (access.kind !== "full") redirect("/login");
    return access;
  } catch (error) {
    if (error instanceof AppError && (error.code === "unauthorized" || error.code === "forbidden")) redirect("/login");
    throw error;
  }
}
