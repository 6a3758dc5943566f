// A WebSocket client on Node's ws: sends a text and a binary message,
// prints what comes back with its opcode, closes with code 4002.
// Arguments: URL, and for wss the CA file to trust.
const WebSocket = require('ws');
const fs = require('fs');

const opts = {};
if (process.argv.length > 3) opts.ca = fs.readFileSync(process.argv[3]);
const ws = new WebSocket(process.argv[2], ['chat'], opts);
let n = 0;
ws.on('open', () => {
  console.log('subprotocol', ws.protocol);
  ws.send('hello from node');
});
ws.on('message', (data, isBinary) => {
  n++;
  console.log(isBinary ? 'binary' : 'text', isBinary ? data.toString('hex') : data.toString());
  if (n === 1) ws.send(Buffer.from([0, 1, 0xfe]));
  else ws.close(4002, 'node done');
});
ws.on('error', (e) => { console.log('error', e.message); process.exit(1); });
