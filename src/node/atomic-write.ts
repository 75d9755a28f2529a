// Atomic file writes for every file framegrad produces (checkpoints, images): the bytes go to a temporary file
// beside the target, are flushed, then renamed over it, and the directory is synced, so a reader never sees a
// half-written file and a failed write leaves the old file whole.

import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** fsync of the directory, so the rename itself survives a power loss (not possible on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw new Error(`could not write '${path}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  await syncDirectory(dirname(path));
}
