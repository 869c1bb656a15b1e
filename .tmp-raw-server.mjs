import http from 'node:http';
const mode = process.argv[2];
const port = Number(process.argv[3]);
if (mode === 'raw') {
  http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const ev = JSON.parse(Buffer.concat(chunks).toString());
      const body = JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: ev.dedup_key });
      res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  }).listen(port, '127.0.0.1');
} else {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.post('/v2/enqueue', async (req, reply) => { reply.code(202); return { status: 'success', message: 'Event processed', dedup_key: req.body.dedup_key }; });
  await app.listen({ port, host: '127.0.0.1' });
}
