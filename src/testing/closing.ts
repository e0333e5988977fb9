/** Runs `body` with `resource`, then closes the resource, also when the body throws. */
export async function closing<T extends { close(): Promise<void> }>(resource: T | Promise<T>, body: (r: T) => Promise<void>): Promise<void> {
  const r = await resource;
  try {
    await body(r);
  } finally {
    await r.close();
  }
}
