// An HTTP(S) proxy on 127.0.0.1 that refuses everything and records where the client wanted to go.
// Set as HTTPS_PROXY/HTTP_PROXY for the go command, it turns every non-loopback fetch (a direct VCS fetch,
// `?go-get=1`, sum.golang.org) into a recorded, instantly failing request, with no DNS lookup on this machine.
// Go never proxies loopback requests, so GOPROXY=http://127.0.0.1:N still reaches the test proxy directly.
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../loopback';

export interface RecordedConnect {
  /** `CONNECT` for https targets, else the method of an absolute-form plain-HTTP request. */
  method: string;
  /** host:port for CONNECT; the absolute URL for plain HTTP. */
  target: string;
  host: string;
  /** performance.now() on arrival: comparable across the servers and recorders of this process. */
  at: number;
}

export interface ConnectRecorder {
  url: string;
  port: number;
  connects: RecordedConnect[];
  /** Hosts the client tried to reach, in order, without duplicates. */
  hosts(): string[];
  close(): Promise<void>;
}

export async function startConnectRecorder(): Promise<ConnectRecorder> {
  const connects: RecordedConnect[] = [];
  const server = createServer((req, res) => {
    // A plain-HTTP request through a proxy carries an absolute URL.
    const target = req.url ?? '';
    let host = '';
    try {
      host = new URL(target).hostname;
    } catch {
      /* not absolute: someone talked to the recorder as if it were an origin server */
    }
    connects.push({ method: req.method ?? 'GET', target, host, at: performance.now() });
    res.writeHead(403, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end('forbidden by the test proxy recorder\n');
  });
  server.on('connect', (req, socket: Socket) => {
    const target = req.url ?? '';
    connects.push({ method: 'CONNECT', target, host: target.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'), at: performance.now() });
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    hosts: () => [...new Set(connects.map((c) => c.host))],
    close,
  };
}
