import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type DefaultEventsMap } from 'socket.io';
import { env, tokenVerifier } from './auth.js';
import { openPeerPool, writeMessage } from './store.js';

// Peer "socketio": socket.io with @socket.io/redis-adapter. The benchmark runs two of these
// processes and puts each message's sender on one and its recipients on the other, so every
// push crosses Redis. Each socket joins the room of its user; a message is emitted once to
// the rooms of all its recipients (the adapter publishes it once), so the payload carries no
// per-recipient cursor.
//   client → emit('send', {to:[userId…], c:"content"}, ack)   ack({mid}) or ack({error})
//   server → emit('ready') after joining, emit('message', {id, content, createdAt})

const port = Number(env('PORT'));
const tenant = process.env.TENANT ?? 'default';
const verify = tokenVerifier(env('JWT_SECRET'));
const pool = openPeerPool(env('DATABASE_URL'), Number(process.env.POOL_SIZE ?? 10));
const redisOptions = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 };
const pub = new Redis(redisOptions);
const sub = new Redis(redisOptions);

const server = createServer((req, res) => {
  if (req.url === '/health') res.writeHead(200).end();
});
const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, { userId: number }>(server, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  adapter: createAdapter(pub, sub, { key: `${process.env.REDIS_PREFIX ?? ''}socket.io` }),
});

io.use((socket, next) => {
  verify((socket.handshake.auth as { token?: string }).token).then(
    (userId) => {
      socket.data.userId = userId;
      next();
    },
    () => next(new Error('Forbidden')),
  );
});

io.on('connection', (socket) => {
  const senderId = socket.data.userId;
  void Promise.resolve(socket.join(`u:${senderId}`)).then(() => socket.emit('ready'));
  socket.on('send', (request: { to: number[]; c: string }, ack?: (reply: unknown) => void) => {
    writeMessage(pool, tenant, senderId, request.to, request.c).then(
      (written) => {
        io.to(request.to.map((id) => `u:${id}`)).emit('message', {
          id: String(written.id),
          content: request.c,
          createdAt: written.createdAt,
        });
        ack?.({ mid: String(written.id) });
      },
      () => ack?.({ error: true }),
    );
  });
});

server.listen(port, '127.0.0.1');
const stop = () => {
  void io.close();
  void Promise.allSettled([pool.end(), pub.quit(), sub.quit()]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
