// Private: file helpers shared by the tools.

/** Whether a path exists (any kind of file); other errors than NotFound are thrown. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
