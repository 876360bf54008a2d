// The server's live heap: what is left after a full garbage collection, asked of the server process through
// its inspector (started with --inspect on a loopback port of its own). Unlike the resident size, which
// follows how lazily V8 grows and returns its heaps, this moves only when memory is kept: a leak.
export type LiveHeap = () => Promise<number>;

/** `output`: the server's first output, which holds the inspector's "Debugger listening on ws://..." line. */
export function liveHeapOf(output: string): LiveHeap {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1];
  if (!url) {
    throw new Error('the server process has no inspector (start it with --inspect=127.0.0.1:0)');
  }
  return async () => {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
    });
    let next = 0;
    const call = (method: string, params: Record<string, unknown> = {}) => new Promise<Record<string, any>>((resolve, reject) => {
      const id = (next += 1);
      const onMessage = (event: MessageEvent) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, any>; error?: unknown };
        if (message.id !== id) {
          return;
        }
        socket.removeEventListener('message', onMessage);
        if (message.error) {
          reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        } else {
          resolve(message.result ?? {});
        }
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
    try {
      await call('HeapProfiler.collectGarbage');
      const { result } = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
      return Number(result.value) / 2 ** 20;
    } finally {
      socket.close();
    }
  };
}
