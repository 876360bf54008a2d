// Idle keep-alive connections outlive a load balancer's (60 s on the common ones): one idle longer than
// Node's default 5 s is still open and serves the next request, so no request is sent on a connection the
// server is closing.
import { Agent, get } from 'node:http';

import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

function fetchOn(agent: Agent, url: string): Promise<{ status: number; port: number }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const port = res.socket.localPort!;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, port }));
    }).on('error', reject);
  });
}

test('a connection idle for 6 s is kept and serves the next request', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await fetchOn(agent, `${app.issuer}/healthz`);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const second = await fetchOn(agent, `${app.issuer}/healthz`);
    expect(first.status).toBe(200);
    expect(second).toEqual({ status: 200, port: first.port });
  } finally {
    agent.destroy();
  }
}, 20_000);
