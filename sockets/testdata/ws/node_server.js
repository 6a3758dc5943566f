// A WebSocket echo server on Node's ws (Debian node-ws), for the interop
// tests: prints its port, echoes each message with its opcode, and prints
// how each client closed. Arguments: cert and key files for wss.
const WebSocket = require('ws');
const fs = require('fs');
const https = require('https');

function serve(wss) {
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('close', (code, reason) => console.log('closed', code, reason.toString()));
  });
}

if (process.argv.length > 3) {
  const srv = https.createServer({ cert: fs.readFileSync(process.argv[2]), key: fs.readFileSync(process.argv[3]) });
  serve(new WebSocket.Server({ server: srv }));
  srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
} else {
  const wss = new WebSocket.Server({ host: '127.0.0.1', port: 0 }, () => console.log(wss.address().port));
  serve(wss);
}
