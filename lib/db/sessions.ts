import "server-only";
import { prisma, statement } from "./client";
import { toDate } from "./rows";
import { withWriteLock } from "./write-lock";

/** Stores a new session and drops the expired ones (sign-in is rare: a good time to tidy up). */
export function insertSession(data: { tokenId: number; hash: string; expiresAt: Date }, now: Date) {
  return withWriteLock(async () => {
    const [, row] = await prisma().$transaction([prisma().session.deleteMany({ where: { expiresAt: { lte: now } } }), prisma().session.create({ data: { ...data, createdAt: now, lastSeenAt: now } })]);
    return row;
  });
}

/** Raw: every dashboard request resolves its session. The token's scopes and revocation come along. */
export function findSessionByHash(hash: string) {
  const row = statement(
    `SELECT s.id, s.tokenId, s.expiresAt, s.lastSeenAt, t.prefix, t.scopes, t.revokedAt
       FROM Session s JOIN ApiToken t ON t.id = s.tokenId WHERE s.hash = ?`,
  ).get(hash) as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    id: row.id as number,
    tokenId: row.tokenId as number,
    expiresAt: toDate(row.expiresAt) as Date,
    lastSeenAt: toDate(row.lastSeenAt) as Date,
    tokenPrefix: row.prefix as string,
    scopes: row.scopes as string,
    tokenRevokedAt: toDate(row.revokedAt),
  };
}

export function deleteSessionByHash(hash: string) {
  return withWriteLock(async () => (await prisma().session.deleteMany({ where: { hash } })).count);
}

export function deleteSessionsOfToken(tokenId: number) {
  return withWriteLock(async () => (await prisma().session.deleteMany({ where: { tokenId } })).count);
}

export function touchSession(id: number, at: Date) {
  // updateMany: the session may have been ended in the meantime, which is not an error here.
  return withWriteLock(() => prisma().session.updateMany({ where: { id }, data: { lastSeenAt: at } }));
}
