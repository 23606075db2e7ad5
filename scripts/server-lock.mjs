// One server per SQLite file: `npm start` takes a lock file beside the database (its pid inside) and
// refuses to start a second server on a file another live server holds. A lock left by a process that
// died (kill -9, power loss) is taken over. PostgreSQL needs no lock: several instances share it.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Takes the lock for `dbFile`; returns a release function, or the pid of the live server holding it. */
export function acquireServerLock(dbFile) {
  const path = `${dbFile}.server-lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(path, "utf8").trim() === String(process.pid)) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) return { heldBy: holder, path };
      // A dead server's lock: take it over.
      try {
        unlinkSync(path);
      } catch {
        // another starter took it over first; try again
      }
    }
  }
  throw new Error(`could not take the server lock ${path}`);
}
