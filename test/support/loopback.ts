// Test servers on 127.0.0.1: a free port, and a close() that also destroys every open connection (hanging and
// keep-alive ones would otherwise keep server.close() waiting forever).
import type { AddressInfo, Server, Socket } from 'node:net';

export interface LoopbackListener {
  port: number;
  /** Another socket to destroy on close (e.g. the upstream side of a forwarder). */
  track(socket: Socket): void;
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  server.on('connection', track);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    track,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
