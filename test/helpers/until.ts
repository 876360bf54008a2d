/** Waits until `condition` holds, checking every 25 ms; throws after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  for (const stop = Date.now() + ms; !(await condition()); ) {
    if (Date.now() > stop) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
