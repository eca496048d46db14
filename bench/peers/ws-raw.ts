import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';
import { env, tokenVerifier } from './auth.js';
import { openPeerPool, writeMessage } from './store.js';

// Peer "ws-raw": plain `ws` + `ioredis`, one Redis channel per user, frames built once by the
// sender's instance and written to sockets as received (no parse on the receiving side).
// Wire protocol (JSON text frames):
//   client → {"op":"send","id":n,"to":[userId…],"c":"content"}
//   server → {"t":"ready"} once the user's channel is subscribed
//            {"t":"ack","id":n,"mid":"…"} after commit, {"t":"err","id":n}
//            {"t":"msg","m":{"id","content","createdAt","cursor"}} pushed

const port = Number(env('PORT'));
const prefix = process.env.REDIS_PREFIX ?? '';
const tenant = process.env.TENANT ?? 'default';
const verify = tokenVerifier(env('JWT_SECRET'));
const pool = openPeerPool(env('DATABASE_URL'));
const redisOptions = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2, enableOfflineQueue: true };
const command = new Redis(redisOptions);
const subscriber = new Redis(redisOptions);

const socketsByChannel = new Map<string, Set<WebSocket>>();
const channelOf = (userId: number) => `${prefix}user:${userId}`;

subscriber.on('messageBuffer', (channel: Buffer, frame: Buffer) => {
  const sockets = socketsByChannel.get(channel.toString());
  if (!sockets) return;
  for (const socket of sockets) socket.send(frame, { binary: false });
});

const server = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on('connection', (socket, req) => {
  const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  const opened = verify(token).then(async (userId) => {
    const channel = channelOf(userId);
    let set = socketsByChannel.get(channel);
    if (!set) {
      set = new Set();
      socketsByChannel.set(channel, set);
      await subscriber.subscribe(channel);
    }
    set.add(socket);
    socket.on('close', () => {
      set.delete(socket);
      if (set.size === 0 && socketsByChannel.get(channel) === set) {
        socketsByChannel.delete(channel);
        void subscriber.unsubscribe(channel).catch(() => undefined);
      }
    });
    socket.send('{"t":"ready"}');
    return userId;
  });
  opened.catch(() => socket.close(4403, 'Forbidden'));

  socket.on('message', (data) => {
    void opened.then(async (senderId) => {
      let request: { op: string; id: number; to: number[]; c: string };
      try {
        // With ws's default binaryType ('nodebuffer') a frame arrives as one Buffer.
        request = JSON.parse((data as Buffer).toString()) as typeof request;
      } catch {
        return;
      }
      if (request.op !== 'send') return;
      try {
        const written = await writeMessage(pool, tenant, senderId, request.to, request.c);
        const head = `{"t":"msg","m":{"id":"${written.id}","content":${JSON.stringify(request.c)},"createdAt":"${written.createdAt}","cursor":"`;
        const pipeline = command.pipeline();
        for (const [recipientId, seq] of written.seqs) pipeline.publish(channelOf(recipientId), `${head}${seq}"}}`);
        await pipeline.exec();
        socket.send(`{"t":"ack","id":${request.id},"mid":"${written.id}"}`);
      } catch {
        socket.send(`{"t":"err","id":${request.id}}`);
      }
    }, () => undefined);
  });
});

server.listen(port, '127.0.0.1');
const stop = () => {
  for (const socket of wss.clients) socket.terminate();
  server.close();
  void Promise.allSettled([pool.end(), command.quit(), subscriber.quit()]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
