import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/http/errors";
import { SESSION_COOKIE, dashboardAccess, type DashboardAccess } from "./dashboard-access";

/** For pages: the visitor's full access, or a redirect to the sign-in page. */
export async function requirePageAccess(): Promise<Extract<DashboardAccess, { kind: "full" }>> {
  const store = await cookies();
  try {
    const access = await dashboardAccess({ sessionToken: store.get(SESSION_COOKIE)?.value ?? null });
    if (access.kind !== "full") redirect("/login");
    return access;
  } catch (error) {
    if (error instanceof AppError && (error.code === "unauthorized" || error.code === "forbidden")) redirect("/login");
    throw error;
  }
}
