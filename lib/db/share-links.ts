import "server-only";
import { prisma } from "./client";
import { withWriteLock } from "./write-lock";

export function insertShareLink(data: { experimentId: number; prefix: string; hash: string; viewState: object; expiresAt: Date | null }) {
  return withWriteLock(() => prisma().shareLink.create({ data }));
}

export function findShareLinkByHash(hash: string) {
  return prisma().shareLink.findUnique({ where: { hash } });
}

export function listShareLinkRows(experimentId: number) {
  return prisma().shareLink.findMany({ where: { experimentId }, orderBy: { id: "desc" } });
}

export function revokeShareLinkRow(id: number, experimentId: number, at: Date) {
  return withWriteLock(async () => {
    const { count } = await prisma().shareLink.updateMany({ where: { id, experimentId, revokedAt: null }, data: { revokedAt: at } });
    return count === 1;
  });
}
