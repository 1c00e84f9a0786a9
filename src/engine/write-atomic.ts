import { rename, writeFile } from 'node:fs/promises';

/** Writes a file under a temporary name and renames it into place, so a concurrent reader never sees half of it. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
